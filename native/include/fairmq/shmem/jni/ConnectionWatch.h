// The connections of one zmq socket as the kernel sees them, for a sender that must not hang up
// before its peers have read what it sent (README: "A normal end loses nothing").
//
// Why: libzmq 4.3.4 drops what is still in the kernel's receive buffer of an ipc:// connection when
// the peer hangs up while the receiving engine has stopped reading (its pipe at the HWM): epoll
// reports EPOLLHUP even for an fd with no events armed, the engine removes the fd, and after the
// bytes it already buffered it declares the connection dead. A sender can prevent that only by
// keeping the connection open until the kernel queue towards the peer is empty.
//
// How: zmq_socket_monitor reports every connection's fd (CONNECTED / ACCEPTED) and its end
// (DISCONNECTED). Hold() duplicates the fds of the live connections, so the connections outlive
// libzmq's own close(); UnreadBytes() sums SIOCOUTQ over them (zero once the peers have read,
// resp. acknowledged, everything; UnreadPayloadBytes() says how many bytes, for reports); Released() counts the held connections
// libzmq itself has let go of (its fd closed or reused, i.e. its queue flushed into the kernel or
// dropped at the end of its linger). ReleaseHeld() closes the duplicates: that is the hang-up.
//
// Not thread-safe: used by the socket's owner thread, like the socket.
#ifndef FAIRMQ_SHMEM_JNI_CONNECTIONWATCH_H
#define FAIRMQ_SHMEM_JNI_CONNECTIONWATCH_H

#include <fairmq/shmem/jni/Error.h>
#include <fairmq/shmem/jni/Zmq.h>

#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/sockios.h>
#include <linux/unix_diag.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zmq.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <set>
#include <string>
#include <vector>

namespace fair::mq::shmem::jni
{

class ZmqConnectionWatch
{
  public:
    /// Starts monitoring `socket` on the inproc endpoint `monitorEndpoint` (unique per socket).
    ZmqConnectionWatch(ZmqContext& context, ZmqSocket& socket, const std::string& monitorEndpoint)
        : fEndpoint(monitorEndpoint)
    {
        const int events = ZMQ_EVENT_CONNECTED | ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_DISCONNECTED;
        if (zmq_socket_monitor(socket.Raw(), monitorEndpoint.c_str(), events) != 0) {
            throw Error(ErrorKind::Other, "zmq_socket_monitor", socket.Id(), zmq_strerror(errno));
        }
        fReader = zmq_socket(context.Raw(), ZMQ_PAIR);
        if (!fReader) {
            throw Error(ErrorKind::Other, "zmq_socket", monitorEndpoint, zmq_strerror(errno));
        }
        // No HWM: libzmq sends monitor events with blocking sends from its I/O thread, so a full
        // pipe would stall the whole context. Events are few (one per connection change) and are
        // read by Poll().
        const int unlimited = 0;
        const int noLinger = 0;
        zmq_setsockopt(fReader, ZMQ_RCVHWM, &unlimited, sizeof(unlimited));
        zmq_setsockopt(fReader, ZMQ_LINGER, &noLinger, sizeof(noLinger));
        if (zmq_connect(fReader, monitorEndpoint.c_str()) != 0) {
            const int err = errno;
            zmq_close(fReader);
            fReader = nullptr;
            throw Error(ErrorKind::Other, "zmq_connect", monitorEndpoint, zmq_strerror(err));
        }
    }

    ZmqConnectionWatch(const ZmqConnectionWatch&) = delete;
    ZmqConnectionWatch& operator=(const ZmqConnectionWatch&) = delete;
    ~ZmqConnectionWatch()
    {
        ReleaseHeld();
        Close();
    }

    /// Reads the pending monitor events; returns the number of live connections.
    int Poll() noexcept
    {
        if (!fReader) {
            return static_cast<int>(fLive.size());
        }
        for (;;) {
            zmq_msg_t head;
            zmq_msg_init(&head);
            if (zmq_msg_recv(&head, fReader, ZMQ_DONTWAIT) < 0) {
                zmq_msg_close(&head);
                break;
            }
            std::uint16_t event = 0;
            std::uint32_t value = 0;
            if (zmq_msg_size(&head) >= sizeof(event) + sizeof(value)) {
                const auto* data = static_cast<const unsigned char*>(zmq_msg_data(&head));
                std::memcpy(&event, data, sizeof(event));
                std::memcpy(&value, data + sizeof(event), sizeof(value));
            }
            const bool more = zmq_msg_more(&head) != 0;
            zmq_msg_close(&head);
            if (more) {  // the endpoint frame
                zmq_msg_t address;
                zmq_msg_init(&address);
                zmq_msg_recv(&address, fReader, 0);
                zmq_msg_close(&address);
            }
            const int fd = static_cast<int>(value);
            if (event == ZMQ_EVENT_CONNECTED || event == ZMQ_EVENT_ACCEPTED) {
                fLive.insert(fd);
            } else if (event == ZMQ_EVENT_DISCONNECTED) {
                fLive.erase(fd);
            }
        }
        return static_cast<int>(fLive.size());
    }

    /// Polls, then keeps every live connection open by a duplicate of its fd (only stream sockets
    /// are taken: an fd that was reused for something else is skipped). Returns how many are held.
    int Hold() noexcept
    {
        Poll();
        for (const int fd : fLive) {
            int type = 0;
            socklen_t length = sizeof(type);
            if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) != 0 || type != SOCK_STREAM) {
                continue;
            }
            struct stat info{};
            const int copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
            if (copy < 0 || fstat(copy, &info) != 0) {
                if (copy >= 0) {
                    close(copy);
                }
                continue;
            }
            fHeld.push_back(Held{fd, copy, info.st_dev, info.st_ino});
        }
        return static_cast<int>(fHeld.size());
    }

    /// Zero once the peers of the held connections have taken everything: SIOCOUTQ summed (for
    /// AF_UNIX the kernel memory of the unread buffers, for TCP the unacknowledged bytes).
    std::int64_t UnreadBytes() const noexcept
    {
        std::int64_t total = 0;
        for (const auto& held : fHeld) {
            int queued = 0;
            if (ioctl(held.copy, SIOCOUTQ, &queued) == 0 && queued > 0) {
                total += queued;
            }
        }
        return total;
    }

    /// Payload bytes the peers have not read yet: for ipc:// what waits in the peer's receive queue
    /// (asked through sock_diag, since SIOCOUTQ of an AF_UNIX socket counts kernel buffer memory,
    /// not bytes), for tcp:// the unacknowledged bytes. Falls back to UnreadBytes() per connection.
    std::int64_t UnreadPayloadBytes() const noexcept
    {
        std::int64_t total = 0;
        for (const auto& held : fHeld) {
            std::int64_t queued = -1;
            sockaddr_storage address{};
            socklen_t length = sizeof(address);
            if (getsockname(held.copy, reinterpret_cast<sockaddr*>(&address), &length) == 0
                && address.ss_family == AF_UNIX) {
                queued = PeerReceiveQueue(held.inode);
            }
            if (queued < 0) {
                int outq = 0;
                queued = ioctl(held.copy, SIOCOUTQ, &outq) == 0 && outq > 0 ? outq : 0;
            }
            total += queued;
        }
        return total;
    }

    /// How many held connections libzmq has closed its own fd of (flushed or dropped its queue).
    int Released() const noexcept
    {
        int released = 0;
        for (const auto& held : fHeld) {
            struct stat info{};
            if (fstat(held.original, &info) != 0 || info.st_dev != held.device || info.st_ino != held.inode) {
                ++released;
            }
        }
        return released;
    }

    int HeldCount() const noexcept { return static_cast<int>(fHeld.size()); }

    /// Closes the duplicates: the peers see the hang-up once libzmq has closed its fds too.
    void ReleaseHeld() noexcept
    {
        for (const auto& held : fHeld) {
            close(held.copy);
        }
        fHeld.clear();
    }

    /// Closes the monitor reader (before the context terminates). Held connections stay held.
    void Close() noexcept
    {
        if (fReader) {
            zmq_close(fReader);
            fReader = nullptr;
        }
    }

  private:
    struct UnixDiag
    {
        std::int64_t peerInode = -1;
        std::int64_t receiveQueue = -1;
    };

    // One sock_diag query about the AF_UNIX socket `inode`; -1 fields when unknown.
    static UnixDiag QueryUnix(std::uint64_t inode, unsigned int show) noexcept
    {
        UnixDiag result;
        const int nl = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
        if (nl < 0) {
            return result;
        }
        struct
        {
            nlmsghdr header;
            unix_diag_req request;
        } query{};
        query.header.nlmsg_len = sizeof(query);
        query.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
        query.header.nlmsg_flags = NLM_F_REQUEST;
        query.request.sdiag_family = AF_UNIX;
        query.request.udiag_states = ~0u;
        query.request.udiag_ino = static_cast<std::uint32_t>(inode);
        query.request.udiag_show = show;
        query.request.udiag_cookie[0] = ~0u;
        query.request.udiag_cookie[1] = ~0u;
        sockaddr_nl kernel{};
        kernel.nl_family = AF_NETLINK;
        alignas(nlmsghdr) char reply[8192];
        const timeval patience{1, 0};
        setsockopt(nl, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof(patience));
        if (sendto(nl, &query, sizeof(query), 0, reinterpret_cast<sockaddr*>(&kernel), sizeof(kernel)) < 0) {
            close(nl);
            return result;
        }
        const ssize_t n = recv(nl, reply, sizeof(reply), 0);
        close(nl);
        auto* header = reinterpret_cast<nlmsghdr*>(reply);
        if (n <= 0 || !NLMSG_OK(header, static_cast<unsigned int>(n)) || header->nlmsg_type != SOCK_DIAG_BY_FAMILY) {
            return result;
        }
        auto* message = static_cast<unix_diag_msg*>(NLMSG_DATA(header));
        int left = static_cast<int>(header->nlmsg_len - NLMSG_LENGTH(sizeof(*message)));
        for (auto* attribute = reinterpret_cast<rtattr*>(message + 1); RTA_OK(attribute, left);
             attribute = RTA_NEXT(attribute, left)) {
            if (attribute->rta_type == UNIX_DIAG_PEER) {
                std::uint32_t peer = 0;
                std::memcpy(&peer, RTA_DATA(attribute), sizeof(peer));
                result.peerInode = peer;
            } else if (attribute->rta_type == UNIX_DIAG_RQLEN) {
                unix_diag_rqlen lengths{};
                std::memcpy(&lengths, RTA_DATA(attribute), sizeof(lengths));
                result.receiveQueue = lengths.udiag_rqueue;
            }
        }
        return result;
    }

    // Bytes waiting in the receive queue of the peer of our AF_UNIX socket `inode`, or -1.
    static std::int64_t PeerReceiveQueue(std::uint64_t inode) noexcept
    {
        const UnixDiag self = QueryUnix(inode, UDIAG_SHOW_PEER);
        if (self.peerInode <= 0) {
            return -1;
        }
        return QueryUnix(static_cast<std::uint64_t>(self.peerInode), UDIAG_SHOW_RQLEN).receiveQueue;
    }

    struct Held
    {
        int original;
        int copy;
        dev_t device;
        ino_t inode;
    };

    std::string fEndpoint;
    void* fReader = nullptr;
    std::set<int> fLive;
    std::vector<Held> fHeld;
};

} // namespace fair::mq::shmem::jni

#endif // FAIRMQ_SHMEM_JNI_CONNECTIONWATCH_H
