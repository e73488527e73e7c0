// Deterministic payloads shared with the Java harness: byte pattern, message sizes, checksum.
// Both languages must compute exactly these functions; change them only together.
#ifndef INTEROP_PATTERN_H
#define INTEROP_PATTERN_H

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>

namespace interop
{

// Byte i of a payload generated with seed.
inline std::uint8_t pattern(std::uint64_t seed, std::uint64_t i)
{
    return static_cast<std::uint8_t>((seed * 131u + i * 31u + (i >> 8)) & 0xFFu);
}

inline std::uint64_t splitmix64(std::uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

// Random size of message k for seed s and maximum m: splitmix64(s + k) % (m + 1).
inline std::uint64_t randomSize(std::uint64_t s, std::uint64_t k, std::uint64_t m)
{
    const std::uint64_t r = splitmix64(s + k);
    return m == std::numeric_limits<std::uint64_t>::max() ? r : r % (m + 1);
}

inline void fillPattern(std::uint8_t* data, std::size_t size, std::uint64_t seed)
{
    for (std::size_t i = 0; i < size; ++i) {
        data[i] = pattern(seed, i);
    }
}

// Index of the first byte that differs from the pattern, if any. Blocks are compared without an
// early exit so that the compiler can vectorise the common (all equal) case.
inline std::optional<std::size_t> firstMismatch(const std::uint8_t* data, std::size_t size, std::uint64_t seed)
{
    constexpr std::size_t kBlock = 4096;
    for (std::size_t begin = 0; begin < size; begin += kBlock) {
        const std::size_t end = size - begin < kBlock ? size : begin + kBlock;
        std::uint8_t diff = 0;
        for (std::size_t i = begin; i < end; ++i) {
            diff |= static_cast<std::uint8_t>(data[i] ^ pattern(seed, i));
        }
        if (diff != 0) {
            for (std::size_t i = begin; i < end; ++i) {
                if (data[i] != pattern(seed, i)) {
                    return i;
                }
            }
        }
    }
    return std::nullopt;
}

// FNV-1a, 64 bit, fed incrementally (a checksum over many payloads is one running hash).
class Fnv1a64
{
  public:
    static constexpr std::uint64_t kOffsetBasis = 14695981039346656037ull;
    static constexpr std::uint64_t kPrime = 1099511628211ull;

    void update(const std::uint8_t* data, std::size_t size)
    {
        std::uint64_t h = hash_;
        for (std::size_t i = 0; i < size; ++i) {
            h = (h ^ data[i]) * kPrime;
        }
        hash_ = h;
    }
    std::uint64_t value() const { return hash_; }

  private:
    std::uint64_t hash_ = kOffsetBasis;
};

} // namespace interop

#endif // INTEROP_PATTERN_H
