// shmem transport: payloads live in the main segment or a region; frames carry MetaHeaders
// (PROTOCOL.md 3.1 - 3.4, 3.9, 3.10). Received frames are checked before any memory is touched.
#include "PayloadCodec.h"

#include "DeviceTransport.h"
#include "Regions.h"

#include "interop/Chunks.h"
#include "interop/MetaFrame.h"
#include "interop/Pattern.h"

#include <new>
#include <utility>
#include <thread>

namespace interop::device
{

namespace
{

class ShmemCodec final : public PayloadCodec
{
  public:
    ShmemCodec(bipc::managed_shared_memory& main, const ShmNames& names, SenderRegion* region)
        : main_(main), regions_(names), region_(region)
    {}

    OutgoingPart encode(const PartSpec& spec, const Patience& patience) override
    {
        if (spec.empty) {
            return OutgoingPart{};  // an empty message is a zero-length frame
        }
        MetaFrame meta{spec.size, 0, 0};
        std::uint8_t* payload = nullptr;
        OwnedChunk chunk;
        if (region_ != nullptr) {
            // Region payloads are never freed by anybody (PROTOCOL.md 3.4).
            payload = region_->data() + spec.regionOffset;
            meta.regionId = region_->id();
            meta.handle = static_cast<std::int64_t>(spec.regionOffset);
        } else {
            void* address = allocate(spec.size, patience);
            chunk = OwnedChunk(main_, address);
            payload = static_cast<std::uint8_t*>(address);
            meta.handle = main_.get_handle_from_address(address);
        }
        OutgoingPart part{ZmqMessage(kMetaHeaderSize), std::move(chunk), nullptr, spec.size};
        if (spec.fill) {
            fillPattern(payload, spec.size, spec.seed);
        }
        part.sharedPayload = payload;
        encodeMetaFrame(meta, part.frame.data());
        return part;
    }

    ReceivedPart decode(ZmqMessage& frame) override
    {
        ReceivedPart part;
        if (frame.size() == 0) {
            part.zeroLengthFrame = true;  // empty message: no chunk, nothing to free
            return part;
        }
        if (frame.size() != kMetaHeaderSize) {
            throw Rejected("frame of " + std::to_string(frame.size()) + " bytes (a shmem frame has 0 or 32)");
        }
        const MetaFrame meta = decodeMetaFrame(frame.data());
        if (!meta.paddingIsZero) {
            throw Rejected("MetaHeader bytes 24..31 are not zero");
        }
        part.size = meta.size;
        part.regionId = meta.regionId;
        part.handle = meta.handle;
        try {
            if (meta.regionId == 0) {
                checkBounds(meta.handle, meta.size, main_.get_size());
                checkChunkHandle(meta.handle);
                part.payload = static_cast<const std::uint8_t*>(main_.get_address_from_handle(meta.handle));
                part.ownsChunk = true;
            } else {
                const bipc::mapped_region& mapping = regions_.get(meta.regionId);
                checkBounds(meta.handle, meta.size, mapping.get_size());
                part.payload = static_cast<const std::uint8_t*>(mapping.get_address()) + meta.handle;
            }
        } catch (const std::exception& e) {
            throw Rejected("MetaHeader {size " + std::to_string(meta.size) + ", region " + std::to_string(meta.regionId)
                           + ", handle " + std::to_string(meta.handle) + "}: " + e.what());
        }
        return part;
    }

    void release(const ReceivedPart& part) override
    {
        if (part.ownsChunk) {
            main_.deallocate(main_.get_address_from_handle(part.handle));
        }
    }

  private:
    // PROTOCOL.md 3.9: a full segment is waited out with 50 ms retries (backpressure).
    void* allocate(std::uint64_t size, const Patience& patience)
    {
        for (;;) {
            if (void* chunk = main_.allocate(size, std::nothrow)) {
                return chunk;
            }
            patience.check("allocate " + std::to_string(size) + " bytes in the main segment");
            std::this_thread::sleep_for(kFullSegmentRetry);
        }
    }

    bipc::managed_shared_memory& main_;
    RegionCache regions_;
    SenderRegion* region_;
};

} // namespace

std::unique_ptr<PayloadCodec> makeZmqCodec();

std::unique_ptr<PayloadCodec> makeCodec(const Options& options, DeviceTransport& transport, SenderRegion* region)
{
    if (options.transport == Transport::Zeromq) {
        return makeZmqCodec();
    }
    return std::make_unique<ShmemCodec>(*transport.mainSegment(), transport.names(), region);
}

} // namespace interop::device
