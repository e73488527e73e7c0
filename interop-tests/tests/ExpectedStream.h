// What a whole run must add up to, derived independently from the payload rules
// (interop-tests/README.md "Message plan"), so that sender and receiver cannot agree on a wrong plan.
#ifndef INTEROP_TESTS_EXPECTEDSTREAM_H
#define INTEROP_TESTS_EXPECTEDSTREAM_H

#include "interop/Pattern.h"

#include <cstdint>

namespace interop::test
{

struct StreamShape
{
    std::uint64_t messages = 0;
    std::uint64_t size = 0;        // fixed size, or maximum when random
    bool random = false;
    std::uint64_t seed = 1;
    std::uint64_t parts = 1;
    std::uint64_t emptyEvery = 0;
};

struct StreamTotals
{
    std::uint64_t parts = 0;
    std::uint64_t bytes = 0;
    std::uint64_t checksum = 0;
};

inline StreamTotals expectedTotals(const StreamShape& s)
{
    Fnv1a64 fnv;
    StreamTotals totals;
    std::uint8_t block[4096];
    for (std::uint64_t k = 0; k < s.messages; ++k) {
        for (std::uint64_t j = 0; j < s.parts; ++j) {
            const std::uint64_t key = s.parts == 1 ? s.seed + k : k * 1000 + j;            // pattern seed
            const std::uint64_t sizeKey = s.parts == 1 ? k : k * 1000 + j;                // splitmix64(s + ...)
            const bool empty = s.emptyEvery > 0 && j % s.emptyEvery == s.emptyEvery - 1;
            const std::uint64_t size = empty ? 0 : (s.random ? splitmix64(s.seed + sizeKey) % (s.size + 1) : s.size);
            for (std::uint64_t i = 0; i < size; i += sizeof block) {
                const std::uint64_t n = size - i < sizeof block ? size - i : sizeof block;
                for (std::uint64_t b = 0; b < n; ++b) {
                    block[b] = pattern(key, i + b);
                }
                fnv.update(block, n);
            }
            ++totals.parts;
            totals.bytes += size;
        }
    }
    totals.checksum = fnv.value();
    return totals;
}

} // namespace interop::test

#endif // INTEROP_TESTS_EXPECTEDSTREAM_H
