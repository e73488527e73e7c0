// The 32-byte wire frame of a non-empty shmem message (PROTOCOL.md 3.1):
//
//   0        8          16        24        32
//   +--------+----------+---------+---------+
//   | fSize  | fRegionId| fHandle | 0 ... 0 |   little-endian, fHandle signed
//   +--------+----------+---------+---------+
//
// Encoded and decoded field by field so that the padding is exactly zero on the wire and
// no alignment is assumed for the zmq buffer (which is only 8-byte aligned, D17).
#ifndef INTEROP_METAFRAME_H
#define INTEROP_METAFRAME_H

#include "Protocol.h"
#include "ShmemTypes.h"

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace interop
{

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "PROTOCOL.md 0: layouts are little-endian host memory");
static_assert(sizeof(fair::mq::shmem::MetaHeader) == kMetaHeaderSize, "PROTOCOL.md 3.1");

struct MetaFrame
{
    std::uint64_t size = 0;
    std::uint64_t regionId = 0;
    std::int64_t handle = 0;
    bool paddingIsZero = true;   // only meaningful after decode
};

inline void encodeMetaFrame(const MetaFrame& frame, std::uint8_t* out /* kMetaHeaderSize bytes */)
{
    std::memset(out, 0, kMetaHeaderSize);
    std::memcpy(out + offsetof(fair::mq::shmem::MetaHeader, fSize), &frame.size, 8);
    std::memcpy(out + offsetof(fair::mq::shmem::MetaHeader, fRegionId), &frame.regionId, 8);
    std::memcpy(out + offsetof(fair::mq::shmem::MetaHeader, fHandle), &frame.handle, 8);
}

inline MetaFrame decodeMetaFrame(const std::uint8_t* in /* kMetaHeaderSize bytes */)
{
    MetaFrame frame;
    std::memcpy(&frame.size, in + offsetof(fair::mq::shmem::MetaHeader, fSize), 8);
    std::memcpy(&frame.regionId, in + offsetof(fair::mq::shmem::MetaHeader, fRegionId), 8);
    std::memcpy(&frame.handle, in + offsetof(fair::mq::shmem::MetaHeader, fHandle), 8);
    for (std::size_t i = 24; i < kMetaHeaderSize; ++i) {
        frame.paddingIsZero = frame.paddingIsZero && in[i] == 0;
    }
    return frame;
}

} // namespace interop

#endif // INTEROP_METAFRAME_H
