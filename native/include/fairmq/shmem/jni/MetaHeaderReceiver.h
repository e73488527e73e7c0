// The receiving half of a shmem socket in one call: receive one frame into a fixed buffer, and if
// it is a MetaHeader of the main segment, validate its (handle, size) (ChunkValidator.h) before
// returning, so that a received message costs one JNI transition instead of two. When the receive
// would wait, the segment's pending frees go back first (FreeBatch.h): an idle receiver holds
// nothing back.
//
// The buffer (kBufferBytes, owned by the Java socket):
//   [0, 32)  the frame as received (PROTOCOL.md 3.3: size, region id, handle, padding; any
//            length up to 32 is copied, longer frames are truncated and reported by length);
//   [32, 36) int32: the ChunkCheck of (handle, size) when the frame is 32 bytes with region id 0,
//            else -1;
//   [36, 40) int32: handles the idle flush refused (ManagedSegment::LastRefusal tells why), or
//            the flush's negative answer; 0 normally.
//
// Not thread-safe (a zmq socket never is). Holds references: the Java owner closes this before the
// socket and the segment.
#ifndef FAIRMQ_SHMEM_JNI_METAHEADERRECEIVER_H
#define FAIRMQ_SHMEM_JNI_METAHEADERRECEIVER_H

#include <fairmq/shmem/jni/ManagedSegment.h>
#include <fairmq/shmem/jni/Zmq.h>

#include <zmq.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace fair::mq::shmem::jni
{

class MetaHeaderReceiver
{
  public:
    static constexpr std::size_t kFrameBytes = 32;
    static constexpr std::size_t kCheckOffset = 32;
    static constexpr std::size_t kFlushOffset = 36;
    static constexpr std::size_t kBufferBytes = 40;

    MetaHeaderReceiver(ZmqSocket& socket, ManagedSegment& segment, std::intptr_t buffer)
        : fSocket(socket.Raw())
        , fSegment(segment)
        , fBuffer(reinterpret_cast<char*>(buffer))
    {}

    MetaHeaderReceiver(const MetaHeaderReceiver&) = delete;
    MetaHeaderReceiver& operator=(const MetaHeaderReceiver&) = delete;

    /// One frame: its length (which may exceed 32: the rest is dropped) or -errno (EINTR retried).
    int Receive(int flags) noexcept
    {
        Put(kFlushOffset, 0);
        int n = -EAGAIN;
        if ((flags & ZMQ_DONTWAIT) == 0 && fSegment.PendingFreeBytes() > 0) {
            n = ReceiveOnce(flags | ZMQ_DONTWAIT);
            if (n == -EAGAIN) {
                Put(kFlushOffset, fSegment.FlushFrees());  // about to wait: give the memory back first
            }
        }
        if (n == -EAGAIN) {
            n = ReceiveOnce(flags);
        }
        Put(kCheckOffset, -1);
        if (n == static_cast<int>(kFrameBytes)) {
            MetaHeader header;
            std::memcpy(&header, fBuffer, sizeof(header));
            if (header.fRegionId == 0) {
                Put(kCheckOffset, fSegment.ValidateChunk(static_cast<std::int64_t>(header.fHandle), header.fSize));
            }
        }
        return n;
    }

  private:
    static_assert(sizeof(MetaHeader) == kFrameBytes, "the MetaHeader of PROTOCOL.md 3.3");

    int ReceiveOnce(int flags) noexcept
    {
        for (;;) {
            int n = zmq_recv(fSocket, fBuffer, kFrameBytes, flags);
            if (n >= 0) {
                return n;
            }
            if (errno != EINTR) {
                return -errno;
            }
        }
    }

    void Put(std::size_t offset, int value) noexcept { std::memcpy(fBuffer + offset, &value, sizeof(value)); }

    void* fSocket;
    ManagedSegment& fSegment;
    char* fBuffer;
};

} // namespace fair::mq::shmem::jni

#endif // FAIRMQ_SHMEM_JNI_METAHEADERRECEIVER_H
