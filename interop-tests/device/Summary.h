// The one-line result every role prints at the end.
#ifndef INTEROP_DEVICE_SUMMARY_H
#define INTEROP_DEVICE_SUMMARY_H

#include "interop/Pattern.h"

#include <cstdint>
#include <string>

namespace interop::device
{

struct Summary
{
    std::string role;
    std::uint64_t msgs = 0;
    std::uint64_t parts = 0;
    std::uint64_t bytes = 0;
    Fnv1a64 checksum;          // over all payload bytes in order, parts included
    std::uint64_t errors = 0;
    std::uint64_t freeBefore = 0;
    std::uint64_t freeAfter = 0;

    void addPart(const std::uint8_t* data, std::uint64_t size)
    {
        ++parts;
        bytes += size;
        checksum.update(data, size);
    }

    // SUMMARY role=<r> msgs=<n> parts=<p> bytes=<b> checksum=<c> errors=<e> free_before=<f> free_after=<g>
    std::string line() const
    {
        return "SUMMARY role=" + role + " msgs=" + std::to_string(msgs) + " parts=" + std::to_string(parts)
               + " bytes=" + std::to_string(bytes) + " checksum=" + std::to_string(checksum.value())
               + " errors=" + std::to_string(errors) + " free_before=" + std::to_string(freeBefore)
               + " free_after=" + std::to_string(freeAfter);
    }
};

} // namespace interop::device

#endif // INTEROP_DEVICE_SUMMARY_H
