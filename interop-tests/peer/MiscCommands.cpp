// boost-version, sleep, echo, quit.
#include "Dispatcher.h"

#include "interop/Numbers.h"

#include <boost/version.hpp>

#include <chrono>
#include <cstdint>
#include <thread>

namespace interop::peer
{

void addMiscCommands(Dispatcher& d)
{
    d.add("boost-version", {"", 0, 0, [](Registry&, const Args&) {
        return std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000) + "."
               + std::to_string(BOOST_VERSION % 100);
    }});
    d.add("sleep", {"<ms>", 1, 1, [](Registry&, const Args& a) {
        constexpr std::uint64_t kLongest = 1ull << 40;  // ~35 years; keeps the tick count in range
        const auto ms = parseU64(a[0], "ms");
        std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<std::int64_t>(ms < kLongest ? ms : kLongest)));
        return std::string();
    }});
    d.add("echo", {"<words...>", 0, kUnlimited, [](Registry&, const Args& a) {
        std::string out;
        for (const auto& word : a) {
            out += out.empty() ? word : " " + word;
        }
        return out;
    }});
    // The dispatcher sees the name and stops reading after this reply.
    d.add("quit", {"", 0, 0, [](Registry&, const Args&) { return std::string(); }});
}

} // namespace interop::peer
