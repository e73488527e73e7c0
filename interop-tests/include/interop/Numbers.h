// Strict decimal parsing for command words and command-line values.
#ifndef INTEROP_NUMBERS_H
#define INTEROP_NUMBERS_H

#include <charconv>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace interop
{

// Parses the whole word as a number of type T; throws std::invalid_argument naming `what`.
template <typename T>
T parseNumber(std::string_view word, std::string_view what)
{
    T value{};
    const char* end = word.data() + word.size();
    const auto [ptr, ec] = std::from_chars(word.data(), end, value);
    if (word.empty() || ec != std::errc() || ptr != end) {
        throw std::invalid_argument("bad " + std::string(what) + " '" + std::string(word) + "'");
    }
    return value;
}

inline std::uint64_t parseU64(std::string_view word, std::string_view what) { return parseNumber<std::uint64_t>(word, what); }
inline std::int64_t parseI64(std::string_view word, std::string_view what) { return parseNumber<std::int64_t>(word, what); }

} // namespace interop

#endif // INTEROP_NUMBERS_H
