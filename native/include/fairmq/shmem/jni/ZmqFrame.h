// One zmq_msg_t owned by a Java message of the zeromq transport: the payload lives in libzmq's
// frame, so sending (zmq_msg_send) and receiving (zmq_msg_recv) move it instead of copying it.
//
// Ownership: the frame always holds a valid zmq_msg_t (initialised by the constructor and after
// every operation, also after a failure), so the destructor's zmq_msg_close releases exactly what
// is left, once. A successful send leaves the frame empty (libzmq owns the content), a receive
// first releases what the frame held (zmq_msg_recv; ZmqSocket::ReceiveFrame also after a failure), Rebuild* release
// before they initialise. Copy shares the content, reference counted (zmq_msg_copy; messages of
// up to 33 bytes live inside the zmq_msg_t and are copied by value).
//
// Every call is noexcept and reports an errno: the Java owner maps errors. Not thread-safe.
#ifndef FAIRMQ_SHMEM_JNI_ZMQFRAME_H
#define FAIRMQ_SHMEM_JNI_ZMQFRAME_H

#include <fairmq/shmem/jni/ZmqRelease.h>

#include <zmq.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>

namespace fair::mq::shmem::jni
{

class ZmqFrame
{
  public:
    ZmqFrame() noexcept { zmq_msg_init(&fMsg); }
    ZmqFrame(const ZmqFrame&) = delete;
    ZmqFrame& operator=(const ZmqFrame&) = delete;
    ~ZmqFrame() { zmq_msg_close(&fMsg); }

    /// Releases the content; the frame is empty (size 0).
    void Rebuild() noexcept
    {
        zmq_msg_close(&fMsg);
        zmq_msg_init(&fMsg);
    }

    /// Releases the content and allocates `size` bytes (contents unspecified): 0 or errno (ENOMEM,
    /// the frame is then empty).
    int Rebuild(std::size_t size) noexcept
    {
        zmq_msg_close(&fMsg);
        if (zmq_msg_init_size(&fMsg, size) != 0) {
            int err = errno;
            zmq_msg_init(&fMsg);
            return err;
        }
        return 0;
    }

    /// Releases the content and takes `size` bytes at `data` without a copy; libzmq calls
    /// ZmqRelease::Free(data, &release) when it no longer needs them. 0 or errno (ENOMEM: the
    /// frame is empty and `release` is never signalled).
    int RebuildOver(std::intptr_t data, std::size_t size, ZmqRelease& release) noexcept
    {
        zmq_msg_close(&fMsg);
        if (zmq_msg_init_data(&fMsg, reinterpret_cast<void*>(data), size, &ZmqRelease::Free, &release) != 0) {
            int err = errno;
            zmq_msg_init(&fMsg);
            return err;
        }
        return 0;
    }

    /// Releases the content and shares `source`'s (zmq_msg_copy): 0 or errno.
    int CopyFrom(ZmqFrame& source) noexcept { return zmq_msg_copy(&fMsg, &source.fMsg) == 0 ? 0 : errno; }

    /// Address of the payload; stable until the next call that changes the content.
    std::intptr_t Data() noexcept { return reinterpret_cast<std::intptr_t>(zmq_msg_data(&fMsg)); }

    std::size_t Size() const noexcept { return zmq_msg_size(&fMsg); }

    zmq_msg_t* Raw() noexcept { return &fMsg; }

  private:
    zmq_msg_t fMsg;
};

} // namespace fair::mq::shmem::jni

#endif // FAIRMQ_SHMEM_JNI_ZMQFRAME_H
