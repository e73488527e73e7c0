// Resolving handles received from other processes, with the checks a robust peer must make
// before touching (or freeing) memory named by a foreign handle (PROTOCOL.md 3.2, 1.2.4, D18).
#ifndef INTEROP_CHUNKS_H
#define INTEROP_CHUNKS_H

#include "Protocol.h"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace interop
{

// Throws std::out_of_range unless [handle, handle + size) lies inside a mapping of `capacity` bytes.
inline void checkBounds(std::int64_t handle, std::uint64_t size, std::uint64_t capacity)
{
    if (handle < 0) {
        throw std::out_of_range("handle " + std::to_string(handle) + " is negative");
    }
    const auto offset = static_cast<std::uint64_t>(handle);
    if (offset > capacity || size > capacity - offset) {
        throw std::out_of_range("handle " + std::to_string(handle) + " + size " + std::to_string(size)
                                + " exceeds mapping size " + std::to_string(capacity));
    }
}

// A main-segment payload handle is never 0 (segment-manager header) and always 16-byte aligned.
inline void checkChunkHandle(std::int64_t handle)
{
    if (handle == 0 || handle % kChunkAlignment != 0) {
        throw std::out_of_range("handle " + std::to_string(handle) + " is not a chunk handle (0 or not "
                                + std::to_string(kChunkAlignment) + "-byte aligned)");
    }
}

} // namespace interop

#endif // INTEROP_CHUNKS_H
