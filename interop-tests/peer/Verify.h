// Pattern check shared by read-verify and region-verify.
#ifndef INTEROP_PEER_VERIFY_H
#define INTEROP_PEER_VERIFY_H

#include "Dispatcher.h"

#include "interop/Pattern.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace interop::peer
{

// Throws CompleteError "<context>: mismatch at byte <i>: expected <e> got <g>" on the first difference.
inline void verifyPattern(const std::string& context, const std::uint8_t* data, std::size_t size, std::uint64_t seed)
{
    if (const auto bad = firstMismatch(data, size, seed)) {
        throw CompleteError(context + ": mismatch at byte " + std::to_string(*bad) + ": expected "
                            + std::to_string(pattern(seed, *bad)) + " got " + std::to_string(data[*bad]));
    }
}

} // namespace interop::peer

#endif // INTEROP_PEER_VERIFY_H
