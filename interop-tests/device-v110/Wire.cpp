#include "Wire.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <thread>

namespace interop::v110
{

using fair::mq::shmem::MetaHeader;
using fair::mq::shmem::ShmHeader;

namespace
{

std::runtime_error zmqError(const std::string& what) { return std::runtime_error(what + ": " + zmq_strerror(zmq_errno())); }

void setOption(void* socket, int option, const void* value, std::size_t size)
{
    if (zmq_setsockopt(socket, option, value, size) != 0) {
        std::cerr << "zeromq: failed setting socket option " << option << ": " << zmq_strerror(zmq_errno()) << std::endl;
    }
}

void putHeader(char* at, const MetaHeader& h)
{
    std::memset(at, 0, kMetaHeaderSize);   // padding zeroed (14.7)
    std::memcpy(at + 0, &h.fSize, 8);
    std::memcpy(at + 8, &h.fHint, 8);
    std::memcpy(at + 16, &h.fHandle, 8);
    std::memcpy(at + 24, &h.fShared, 8);
    std::memcpy(at + 32, &h.fRegionId, 2);
    std::memcpy(at + 34, &h.fSegmentId, 2);
    at[36] = h.fManaged ? 1 : 0;
}

// false if the fManaged byte is neither 0 nor 1 (S9: never read it as a bool)
bool getHeader(const char* at, MetaHeader& h)
{
    const auto managed = static_cast<unsigned char>(at[36]);
    if (managed > 1) {
        return false;
    }
    std::memcpy(&h.fSize, at + 0, 8);
    std::memcpy(&h.fHint, at + 8, 8);
    std::memcpy(&h.fHandle, at + 16, 8);
    std::memcpy(&h.fShared, at + 24, 8);
    std::memcpy(&h.fRegionId, at + 32, 2);
    std::memcpy(&h.fSegmentId, at + 34, 2);
    h.fManaged = managed == 1;
    return true;
}

} // namespace

Context::Context() : context_(zmq_ctx_new())
{
    if (context_ == nullptr) {
        throw zmqError("failed creating context");
    }
    zmq_ctx_set(context_, ZMQ_IO_THREADS, 1);
    zmq_ctx_set(context_, ZMQ_MAX_SOCKETS, 10000);
}

Context::~Context()
{
    while (zmq_ctx_term(context_) != 0 && zmq_errno() == EINTR) {
    }
}

Socket::Socket(const Context& context, int type, const std::string& identity, int lingerMs, int hwm)
    : socket_(zmq_socket(context.get(), type))
{
    if (socket_ == nullptr) {
        throw zmqError("zmq_socket");
    }
    const int initialLinger = 1000;
    const int timeout = 100;
    setOption(socket_, ZMQ_IDENTITY, identity.data(), identity.size());
    setOption(socket_, ZMQ_LINGER, &initialLinger, sizeof initialLinger);
    setOption(socket_, ZMQ_SNDTIMEO, &timeout, sizeof timeout);
    setOption(socket_, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
    setOption(socket_, ZMQ_LINGER, &lingerMs, sizeof lingerMs);
    setOption(socket_, ZMQ_SNDHWM, &hwm, sizeof hwm);
    setOption(socket_, ZMQ_RCVHWM, &hwm, sizeof hwm);
}

Socket::~Socket() { zmq_close(socket_); }

void Socket::bind(const std::string& endpoint)
{
    if (zmq_bind(socket_, endpoint.c_str()) != 0) {
        throw zmqError("Failed binding socket, address: " + endpoint);
    }
}

void Socket::connect(const std::string& endpoint)
{
    if (zmq_connect(socket_, endpoint.c_str()) != 0) {
        throw zmqError("Failed connecting socket, address: " + endpoint);
    }
}

void Socket::send(const std::vector<char>& frame, const Patience& patience)
{
    if (frame.empty()) {
        throw std::logic_error("zero-length frames are never sent (14.7)");
    }
    while (zmq_send(socket_, frame.data(), frame.size(), 0) < 0) {
        if (zmq_errno() != EAGAIN && zmq_errno() != EINTR) {
            throw zmqError("send");
        }
        patience.check("send");
    }
}

void Socket::receive(std::vector<char>& frame, const Patience& patience)
{
    zmq_msg_t msg;
    zmq_msg_init(&msg);
    while (zmq_msg_recv(&msg, socket_, 0) < 0) {
        if (zmq_errno() != EAGAIN && zmq_errno() != EINTR) {
            zmq_msg_close(&msg);
            throw zmqError("receive");
        }
        try {
            patience.check("receive");
        } catch (...) {
            zmq_msg_close(&msg);
            throw;
        }
    }
    const auto* data = static_cast<const char*>(zmq_msg_data(&msg));
    frame.assign(data, data + zmq_msg_size(&msg));
    zmq_msg_close(&msg);
}

// ---------------------------------------------------------------------------------------- Codec

Codec::Codec(Session& session, ControllerRegion* region, const Options& options)
    : session_(session), controller_(region), multipart_(options.multipart), metadataMsgSize_(options.metadataMsgSize),
      retryMs_(options.bench ? 1 : 50)
{
    if (controller_ != nullptr) {
        views_[controller_->id()] = RegionView{controller_->base(), controller_->size(), &controller_->refCounts(),
                                               &controller_->ownAcks()};
    }
}

Codec::~Codec()
{
    for (auto& [id, viewer] : viewers_) {
        viewer->acks().stop();   // flush the last acknowledgements (4.5)
    }
}

std::uint64_t Codec::flushAcks()
{
    std::uint64_t n = 0;
    for (auto& [id, viewer] : viewers_) {
        viewer->acks().stop();
        n += viewer->acks().sent();
    }
    return n;
}

Part Codec::allocate(std::uint64_t size, const Patience& patience)
{
    DataSegment& segment = session_.ownSegment();
    const std::size_t full = ShmHeader::fullSize(size);
    if (full > segment.size()) {
        throw std::runtime_error("Requested message size (" + std::to_string(full) + ") exceeds segment size ("
                                 + std::to_string(segment.size()) + ")");
    }
    void* chunk = nullptr;
    // the full segment: retry every 50 ms (3.10 with --shm-throw-bad-alloc false; --bench: every
    // 1 ms, the receiver frees chunks at a high rate), bounded by the patience
    while ((chunk = segment.allocate(full)) == nullptr) {
        patience.check("allocate " + std::to_string(size) + " bytes");
        std::this_thread::sleep_for(std::chrono::milliseconds(retryMs_));
    }
    char* p = static_cast<char*>(chunk);
    ShmHeader::construct(p);
    Part part;
    part.h = MetaHeader{size, 0, p - segment.base(), -1, 0, session_.segmentId(), true};
    part.data = ShmHeader::userData(p);
    part.refCount = 1;
    return part;
}

Part Codec::empty()
{
    Part part;
    part.h = MetaHeader{0, 0, -1, -1, 0, 0, true};
    return part;
}

Part Codec::regionPart(std::uint64_t offset, std::uint64_t size, std::uint64_t hint)
{
    if (controller_ == nullptr || offset + size > controller_->size()) {
        throw std::runtime_error("trying to create region message with data from outside the region");
    }
    Part part;
    part.h = MetaHeader{size, hint, static_cast<std::int64_t>(offset), -1, controller_->id(), session_.segmentId(), false};
    part.data = controller_->base() + offset;
    part.refCount = 1;
    return part;
}

Part Codec::copy(Part& source)
{
    MetaHeader& h = source.h;
    if (h.fHandle < 0) {
        return empty();
    }
    if (h.fManaged) {
        char* chunk = session_.segment(h.fSegmentId)->base() + h.fHandle;
        source.refCount = ++ShmHeader::refCount(chunk);
        return source;
    }
    std::string error;
    RegionView* view = region(h.fRegionId, error);
    if (view == nullptr) {
        throw std::runtime_error(error);
    }
    if (view->refCounts->inRrc()) {
        if (h.fShared < 0) {
            h.fShared = view->refCounts->allocate(2);
            if (h.fShared < 0) {
                throw std::runtime_error("Insufficient space in the reference count segment "
                                         + std::to_string(h.fRegionId));
            }
            source.refCount = 2;
        } else {
            source.refCount = ++view->refCounts->at(h.fShared)->count;
        }
    } else if (h.fShared < 0) {
        // rcSegmentSize 0: a 2-byte chunk in the own segment holds the count
        DataSegment& segment = session_.ownSegment();
        void* chunk = segment.allocate(ShmHeader::fullSize(2));
        if (chunk == nullptr) {
            throw std::runtime_error("no space for the reference count of a region copy");
        }
        ShmHeader::construct(static_cast<char*>(chunk));
        source.refCount = ++ShmHeader::refCount(static_cast<char*>(chunk));
        h.fShared = static_cast<char*>(chunk) - segment.base();
        h.fSegmentId = session_.segmentId();
    } else {
        char* chunk = session_.segment(h.fSegmentId)->base() + h.fShared;
        source.refCount = ++ShmHeader::refCount(chunk);
    }
    return source;
}

std::vector<char> Codec::encode(const std::vector<Part>& parts) const
{
    const std::size_t needed = multipart_ ? 8 + kMetaHeaderSize * parts.size() : kMetaHeaderSize;
    std::vector<char> frame(std::max(needed, metadataMsgSize_), 0);
    if (multipart_) {
        const std::uint64_t n = parts.size();
        std::memcpy(frame.data(), &n, 8);
        for (std::size_t i = 0; i < parts.size(); ++i) {
            putHeader(frame.data() + 8 + i * kMetaHeaderSize, parts[i].h);
        }
    } else {
        putHeader(frame.data(), parts.at(0).h);
    }
    return frame;
}

bool Codec::decode(const std::vector<char>& frame, std::vector<Part>& parts, std::string& error)
{
    parts.clear();
    std::uint64_t n = 1;
    std::size_t offset = 0;
    if (multipart_) {
        if (frame.size() < 8) {
            error = "multipart frame of " + std::to_string(frame.size()) + " bytes (minimum 8)";
            return false;
        }
        std::memcpy(&n, frame.data(), 8);
        if (n > (frame.size() - 8) / kMetaHeaderSize) {
            error = "multipart frame of " + std::to_string(frame.size()) + " bytes announces " + std::to_string(n)
                    + " parts";
            return false;
        }
        offset = 8;
    } else if (frame.size() < kMetaHeaderSize) {
        error = "Received message is not a valid FairMQ shared memory message. Expected minimum size of 40 bytes, "
                "received " + std::to_string(frame.size());
        return false;
    }
    parts.resize(n);
    for (std::uint64_t i = 0; i < n; ++i) {
        if (!getHeader(frame.data() + offset + i * kMetaHeaderSize, parts[i].h)) {
            error = "part " + std::to_string(i) + ": fManaged byte is neither 0 nor 1";
            parts.clear();
            return false;
        }
    }
    for (std::uint64_t i = 0; i < n; ++i) {
        if (!resolve(parts[i], error)) {
            error = "part " + std::to_string(i) + ": " + error;
            parts.clear();
            return false;
        }
    }
    return true;
}

char* Codec::chunkAt(std::uint16_t segmentId, std::int64_t handle, std::uint64_t size, std::string& error)
{
    DataSegment* segment = session_.segment(segmentId);
    if (segment == nullptr) {
        error = "segment id " + std::to_string(segmentId) + " is not in the segment map";
        return nullptr;
    }
    const std::uint64_t segmentSize = segment->size();
    if (handle < 0 || handle % 2 != 0 || static_cast<std::uint64_t>(handle) + ShmHeader::kHdrPartSize > segmentSize) {
        error = "handle " + std::to_string(handle) + " outside segment " + std::to_string(segmentId);
        return nullptr;
    }
    char* chunk = segment->base() + handle;
    const std::uint16_t hdrOffset = ShmHeader::hdrOffset(chunk);
    if (hdrOffset != 2) {   // 2 - ((p + 2) mod 2) for even p
        error = "bad ShmHeader at handle " + std::to_string(handle) + ": hdrOffset " + std::to_string(hdrOffset);
        return nullptr;
    }
    const std::uint16_t userOffset = ShmHeader::hdr(chunk)->userOffset;
    const std::uint16_t refCount = ShmHeader::refCount(chunk).load();
    if (userOffset == 0 || userOffset > 4096 || refCount == 0) {
        error = "bad ShmHeader at handle " + std::to_string(handle) + ": userOffset " + std::to_string(userOffset)
                + " refcount " + std::to_string(refCount);
        return nullptr;
    }
    const std::uint64_t end = static_cast<std::uint64_t>(handle) + ShmHeader::kHdrPartSize + userOffset;
    if (size > segmentSize || end > segmentSize - size) {
        error = "chunk of " + std::to_string(size) + " bytes at handle " + std::to_string(handle)
                + " exceeds segment " + std::to_string(segmentId);
        return nullptr;
    }
    return chunk;
}

Codec::RegionView* Codec::region(std::uint16_t id, std::string& error)
{
    const auto found = views_.find(id);
    if (found != views_.end()) {
        return &found->second;
    }
    const auto info = session_.regionInfo(id);
    if (!info) {
        error = "Could not get remote region with id '" + std::to_string(id)
                + "'. Does the region creator run with the same session id?";
        return nullptr;
    }
    if (info->destroyed || !info->path.empty()) {
        error = "region " + std::to_string(id) + (info->destroyed ? " was destroyed" : " is file-backed (unsupported)");
        return nullptr;
    }
    try {
        auto viewer = std::make_unique<ViewerRegion>(session_.names(), id, *info);
        RegionView view{viewer->base(), viewer->size(), &viewer->refCounts(), &viewer->acks()};
        viewers_.emplace(id, std::move(viewer));
        return &views_.emplace(id, view).first->second;
    } catch (const std::exception& e) {
        error = "Could not open view for shared_memory_object for region " + std::to_string(id) + ": " + e.what();
        return nullptr;
    }
}

bool Codec::resolve(Part& part, std::string& error)
{
    const MetaHeader& h = part.h;
    if (h.fManaged) {
        if (h.fHandle == -1) {
            if (h.fSize != 0) {
                error = "managed message of " + std::to_string(h.fSize) + " bytes without a buffer";
                return false;
            }
            return true;
        }
        char* chunk = chunkAt(h.fSegmentId, h.fHandle, h.fSize, error);
        if (chunk == nullptr) {
            return false;
        }
        part.data = ShmHeader::userData(chunk);
        part.refCount = ShmHeader::refCount(chunk).load();
        return true;
    }
    RegionView* view = region(h.fRegionId, error);
    if (view == nullptr) {
        return false;
    }
    if (h.fHandle < 0 || static_cast<std::uint64_t>(h.fHandle) > view->size || h.fSize > view->size - h.fHandle) {
        error = "range " + std::to_string(h.fHandle) + "+" + std::to_string(h.fSize) + " outside region "
                + std::to_string(h.fRegionId) + " of " + std::to_string(view->size) + " bytes";
        return false;
    }
    part.data = view->base + h.fHandle;
    part.refCount = 1;
    if (h.fShared >= 0) {
        if (view->refCounts->inRrc()) {
            fair::mq::shmem::RefCount* rc = view->refCounts->at(h.fShared);
            if (rc == nullptr || rc->count.load() == 0) {
                error = "RefCount handle " + std::to_string(h.fShared) + " invalid in rrc_" + std::to_string(h.fRegionId);
                return false;
            }
            part.refCount = rc->count.load();
        } else {
            char* chunk = chunkAt(h.fSegmentId, h.fShared, 2, error);
            if (chunk == nullptr) {
                return false;
            }
            part.refCount = ShmHeader::refCount(chunk).load();
        }
    }
    return true;
}

void Codec::release(const MetaHeader& h)
{
    if (h.fHandle < 0) {
        return;
    }
    if (h.fManaged) {
        DataSegment* segment = session_.segment(h.fSegmentId);
        char* chunk = segment->base() + h.fHandle;
        if (ShmHeader::refCount(chunk).fetch_sub(1) == 1) {
            segment->deallocate(chunk);
        }
        return;
    }
    std::string error;
    RegionView* view = region(h.fRegionId, error);
    if (view == nullptr) {
        std::cerr << "release: " << error << std::endl;
        return;
    }
    bool last = true;
    if (h.fShared >= 0) {
        if (view->refCounts->inRrc()) {
            fair::mq::shmem::RefCount* rc = view->refCounts->at(h.fShared);
            last = rc->count.fetch_sub(1) == 1;
            if (last) {
                view->refCounts->free(rc);
            }
        } else {
            DataSegment* segment = session_.segment(h.fSegmentId);
            char* chunk = segment->base() + h.fShared;
            last = ShmHeader::refCount(chunk).fetch_sub(1) == 1;
            if (last) {
                segment->deallocate(chunk);
            }
        }
    }
    if (last) {
        view->acks->push(fair::mq::shmem::RegionBlock{h.fHandle, h.fSize, h.fHint});
    }
}

} // namespace interop::v110
