// libzmq for Java: a context and sockets whose hot calls take addresses and return codes instead of
// throwing. JeroMQ cannot reach libzmq's ipc:// (Unix domain sockets) and allocates per message;
// libzmq itself serves every endpoint type here (README: "Sockets").
//
// Return conventions of Send/Receive: >= 0 bytes, -EAGAIN on timeout or would-block, -ETERM when
// the context is terminating, -errno for other errors (ErrorText tells which).
#ifndef FAIRMQ_SHMEM_JNI_ZMQ_H
#define FAIRMQ_SHMEM_JNI_ZMQ_H

#include <fairmq/shmem/jni/Error.h>
#include <fairmq/shmem/jni/ZmqFrame.h>

#include <zmq.h>

#include <cerrno>
#include <cstdint>
#include <string>

namespace fair::mq::shmem::jni
{

inline std::string ZmqVersion()
{
    int major = 0, minor = 0, patch = 0;
    zmq_version(&major, &minor, &patch);
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

inline std::string ZmqErrorText(int errnum) { return zmq_strerror(errnum); }

/// A zmq context. Terminate() blocks until every socket is closed (linger applies).
class ZmqContext
{
  public:
    ZmqContext()
        : fContext(zmq_ctx_new())
    {
        if (!fContext) {
            throw Error(ErrorKind::Other, "zmq_ctx_new", "context", zmq_strerror(errno));
        }
    }

    ZmqContext(const ZmqContext&) = delete;
    ZmqContext& operator=(const ZmqContext&) = delete;
    ~ZmqContext() { Terminate(); }

    /// zmq_ctx_set; returns 0 or errno.
    int Set(int option, int value) { return zmq_ctx_set(fContext, option, value) == 0 ? 0 : errno; }

    /// zmq_ctx_term, once; returns 0 or errno (EINTR: interrupted, may be called again).
    int Terminate()
    {
        if (!fContext) {
            return 0;
        }
        if (zmq_ctx_term(fContext) != 0) {
            int err = errno;
            if (err != EINTR) {
                fContext = nullptr;
            }
            return err;
        }
        fContext = nullptr;
        return 0;
    }

    void* Raw() const { return fContext; }

  private:
    void* fContext;
};

/// A zmq socket. Not thread-safe (zmq sockets never are); Close() before the context terminates.
class ZmqSocket
{
  public:
    ZmqSocket(ZmqContext& context, int type, const std::string& id)
        : fId(id)
        , fSocket(zmq_socket(context.Raw(), type))
    {
        if (!fSocket) {
            throw Error(ErrorKind::Other, "zmq_socket", id, zmq_strerror(errno));
        }
    }

    ZmqSocket(const ZmqSocket&) = delete;
    ZmqSocket& operator=(const ZmqSocket&) = delete;
    ~ZmqSocket() { Close(); }

    void Close()
    {
        if (fSocket) {
            zmq_close(fSocket);
            fSocket = nullptr;
        }
    }

    /// zmq_setsockopt with an int; returns 0 or errno.
    int SetInt(int option, int value) { return zmq_setsockopt(fSocket, option, &value, sizeof(value)) == 0 ? 0 : errno; }

    /// zmq_setsockopt with a 64-bit integer (ZMQ_MAXMSGSIZE); returns 0 or errno.
    int SetLong(int option, std::int64_t value)
    {
        return zmq_setsockopt(fSocket, option, &value, sizeof(value)) == 0 ? 0 : errno;
    }

    /// zmq_setsockopt with bytes; returns 0 or errno.
    int SetBytes(int option, const std::string& value)
    {
        return zmq_setsockopt(fSocket, option, value.data(), value.size()) == 0 ? 0 : errno;
    }

    /// zmq_getsockopt of an int option; -1 on error.
    int GetInt(int option)
    {
        int value = 0;
        size_t size = sizeof(value);
        return zmq_getsockopt(fSocket, option, &value, &size) == 0 ? value : -1;
    }

    /// The endpoint actually bound last (ZMQ_LAST_ENDPOINT), e.g. with the chosen port.
    std::string LastEndpoint()
    {
        char buffer[1024];
        size_t size = sizeof(buffer);
        if (zmq_getsockopt(fSocket, ZMQ_LAST_ENDPOINT, buffer, &size) != 0) {
            return "";
        }
        return std::string(buffer, size > 0 ? size - 1 : 0);
    }

    /// 0 or errno.
    int Bind(const std::string& endpoint) { return zmq_bind(fSocket, endpoint.c_str()) == 0 ? 0 : errno; }
    int Connect(const std::string& endpoint) { return zmq_connect(fSocket, endpoint.c_str()) == 0 ? 0 : errno; }
    int Unbind(const std::string& endpoint) { return zmq_unbind(fSocket, endpoint.c_str()) == 0 ? 0 : errno; }
    int Disconnect(const std::string& endpoint) { return zmq_disconnect(fSocket, endpoint.c_str()) == 0 ? 0 : errno; }

    /// Hot path: sends `size` bytes at `buffer` as one frame (libzmq copies them).
    int Send(std::intptr_t buffer, std::size_t size, int flags) noexcept
    {
        int n = zmq_send(fSocket, reinterpret_cast<const void*>(buffer), size, flags);
        return n >= 0 ? n : -errno;
    }

    /// Hot path: hands `frame`'s content to libzmq (zmq_msg_send); on success the frame is empty.
    /// Returns the frame's length or -errno (the frame then keeps its content).
    std::int64_t SendFrame(ZmqFrame& frame, int flags) noexcept
    {
        const auto size = static_cast<std::int64_t>(frame.Size());
        return zmq_msg_send(frame.Raw(), fSocket, flags) >= 0 ? size : -errno;
    }

    /// Hot path: receives one frame of any size into `frame` (zmq_msg_recv releases its previous
    /// content). Returns the length, or -errno with the frame empty: libzmq empties it on most
    /// failures but not all (ETERM before the receive started keeps it), so a failure rebuilds it.
    std::int64_t ReceiveFrame(ZmqFrame& frame, int flags) noexcept
    {
        if (zmq_msg_recv(frame.Raw(), fSocket, flags) >= 0) {
            return static_cast<std::int64_t>(frame.Size());
        }
        const int err = errno;
        frame.Rebuild();
        return -err;
    }

    /// True if more parts of the current multipart message follow (ZMQ_RCVMORE).
    bool More() noexcept
    {
        int more = 0;
        size_t size = sizeof(more);
        return zmq_getsockopt(fSocket, ZMQ_RCVMORE, &more, &size) == 0 && more != 0;
    }

    void* Raw() const { return fSocket; }
    const std::string& Id() const { return fId; }

  private:
    std::string fId;
    void* fSocket;
};

/// zmq_poll over up to kMax sockets. Events are ZMQ_POLLIN|ZMQ_POLLOUT bit sets.
class ZmqPoller
{
  public:
    static constexpr int kMax = 256;

    /// Adds a socket with the events to watch; returns its index, or -1 when full.
    int Add(ZmqSocket& socket, int events) noexcept
    {
        if (fCount == kMax) {
            return -1;
        }
        fItems[fCount] = zmq_pollitem_t{socket.Raw(), 0, static_cast<short>(events), 0};
        return fCount++;
    }

    /// Number of sockets with events, 0 on timeout, -errno on error (-ETERM when terminating).
    int Poll(long timeoutMs) noexcept
    {
        int n = zmq_poll(fItems, fCount, timeoutMs);
        return n >= 0 ? n : -errno;
    }

    /// The events that fired on socket `index` in the last Poll.
    int Fired(int index) const noexcept { return index >= 0 && index < fCount ? fItems[index].revents : 0; }

    int Size() const noexcept { return fCount; }

  private:
    zmq_pollitem_t fItems[kMax] = {};
    int fCount = 0;
};

} // namespace fair::mq::shmem::jni

#endif // FAIRMQ_SHMEM_JNI_ZMQ_H
