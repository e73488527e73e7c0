// Absolute UTC deadlines, as Boost.Interprocess timed operations expect them (PROTOCOL.md 2.3).
#ifndef INTEROP_DEADLINE_H
#define INTEROP_DEADLINE_H

#include <boost/date_time/posix_time/posix_time_types.hpp>

#include <chrono>
#include <cstdint>

namespace interop
{

// Timeouts beyond ~10 years mean "wait forever" (Boost treats pos_infin as an untimed wait);
// adding them to the clock would overflow the microsecond tick count.
inline boost::posix_time::ptime deadlineInMs(std::uint64_t timeoutMs)
{
    constexpr std::uint64_t kForever = 10ull * 365 * 24 * 3600 * 1000;
    if (timeoutMs >= kForever) {
        return boost::posix_time::ptime(boost::posix_time::pos_infin);
    }
    return boost::posix_time::microsec_clock::universal_time()
           + boost::posix_time::milliseconds(static_cast<std::int64_t>(timeoutMs));
}

inline boost::posix_time::ptime deadlineIn(std::chrono::milliseconds timeout)
{
    return deadlineInMs(timeout.count() < 0 ? 0 : static_cast<std::uint64_t>(timeout.count()));
}

} // namespace interop

#endif // INTEROP_DEADLINE_H
