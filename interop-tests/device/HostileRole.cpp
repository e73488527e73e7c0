// sampler-hostile: valid messages as push, interleaved with frames of every kind a robust shmem
// receiver must drop without touching memory (PROTOCOL.md 3.1, 3.3, D18). Hostile frame i follows
// valid message i (cycling through the kinds --hostile-rounds times). With --hostile-kinds all (the
// default), frames name memory of this process ("baits": live chunks with forged headers inside, a
// freed chunk, a live and a vanished region) that it keeps until the stop signal (or --hold-ms),
// then checks that no byte of it changed and that Boost's check_sanity() holds, and frees it; those
// need a receiver that checks Boost's block headers (the Java one). --hostile-kinds basic sends the
// seven kinds that name no memory, which the C++ receiver's own checks reject too.
//
// stdout: "HOSTILE <kind>" per frame sent, then "BAIT intact|damaged ..." and "SANITY ok|failed".
#include "DeviceTransport.h"
#include "Regions.h"
#include "Roles.h"

#include "interop/MetaFrame.h"
#include "interop/Pattern.h"

#include <chrono>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace interop::device
{

namespace
{

namespace bipc = boost::interprocess;

struct HostileFrame
{
    std::string kind;
    std::vector<std::uint8_t> bytes;
};

std::vector<std::uint8_t> metaBytes(std::uint64_t size, std::uint64_t regionId, std::int64_t handle,
                                    std::size_t length = kMetaHeaderSize)
{
    std::vector<std::uint8_t> bytes(kMetaHeaderSize, 0);
    encodeMetaFrame(MetaFrame{size, regionId, handle}, bytes.data());
    bytes.resize(length);
    return bytes;
}

// What the frames point at: chunks and regions of this process, kept until the end.
class Baits
{
  public:
    static constexpr std::size_t kChunkSize = 4096;
    static constexpr std::int64_t kFakeHeaderAt = 1024;  // a fake allocated block header inside the chunk

    Baits(bipc::managed_shared_memory& main, bipc::managed_shared_memory& management, const ShmNames& names)
        : main_(main)
    {
        live_ = static_cast<std::uint8_t*>(main.allocate(kChunkSize));
        for (std::size_t i = 0; i < kChunkSize; ++i) {
            live_[i] = pattern(77, i);
        }
        // "allocated, previous allocated, 8 units", whose neighbour 8 units on says "previous free"
        const std::uint64_t fake[2] = {0, (std::uint64_t{1} << 63) | (std::uint64_t{1} << 62) | 8};
        std::memcpy(live_ + kFakeHeaderAt - 16, fake, sizeof(fake));
        const std::uint64_t neighbour[2] = {5, (std::uint64_t{1} << 63) | 3};
        std::memcpy(live_ + kFakeHeaderAt - 16 + 8 * 16, neighbour, sizeof(neighbour));
        liveCopy_.assign(live_, live_ + kChunkSize);
        ones_ = static_cast<std::uint8_t*>(main.allocate(kChunkSize));
        std::memset(ones_, 0xFF, kChunkSize);
        // a freed 16-byte chunk between two held ones: only an allocation of <= 40 bytes could reuse it
        before_ = main.allocate(16);
        void* freed = main.allocate(16);
        after_ = main.allocate(16);
        freedHandle_ = main.get_handle_from_address(freed);
        main.deallocate(freed);
        region_ = std::make_unique<SenderRegion>(management, names, 4096);
        {
            SenderRegion vanished(management, names, 4096);
            vanishedRegionId_ = vanished.id();
        }  // its name is removed here: nobody can open it any more
    }

    std::int64_t live() const { return main_.get_handle_from_address(live_); }
    std::int64_t ones() const { return main_.get_handle_from_address(ones_); }
    std::int64_t freed() const { return freedHandle_; }
    std::uint64_t regionId() const { return region_->id(); }
    std::uint64_t regionSize() const { return region_->size(); }
    std::uint64_t vanishedRegionId() const { return vanishedRegionId_; }

    // Checks and frees everything; returns the number of problems (printed).
    std::uint64_t release()
    {
        std::uint64_t problems = 0;
        std::size_t changed = 0;
        for (std::size_t i = 0; i < kChunkSize; ++i) {
            changed += live_[i] != liveCopy_[i];
        }
        for (std::size_t i = 0; i < kChunkSize; ++i) {
            changed += ones_[i] != 0xFF;
        }
        if (changed == 0) {
            std::cout << "BAIT intact" << std::endl;
        } else {
            std::cout << "BAIT damaged: " << changed << " bytes changed" << std::endl;
            ++problems;
        }
        main_.deallocate(live_);
        main_.deallocate(ones_);
        main_.deallocate(before_);
        main_.deallocate(after_);
        region_.reset();
        if (main_.check_sanity()) {
            std::cout << "SANITY ok" << std::endl;
        } else {
            std::cout << "SANITY failed" << std::endl;
            ++problems;
        }
        return problems;
    }

  private:
    bipc::managed_shared_memory& main_;
    std::uint8_t* live_;
    std::vector<std::uint8_t> liveCopy_;
    std::uint8_t* ones_;
    void* before_;
    void* after_;
    std::int64_t freedHandle_;
    std::unique_ptr<SenderRegion> region_;
    std::uint64_t vanishedRegionId_;
};

// The first block header and the end block of the main segment (Boost 1.74 rbtree_best_fit: blocks
// start at the first 16-byte boundary past the segment manager object and end 16 bytes before its
// size, rounded down to 16).
struct BlockArea
{
    std::int64_t firstBlock;
    std::int64_t endBlock;
};

BlockArea blockArea(const bipc::managed_shared_memory& main)
{
    using SegmentManager = bipc::managed_shared_memory::segment_manager;
    const auto* base = static_cast<const char*>(main.get_address());
    const auto* manager = reinterpret_cast<const char*>(main.get_segment_manager());
    const auto managerOffset = static_cast<std::int64_t>(manager - base);
    const auto first = (managerOffset + static_cast<std::int64_t>(sizeof(SegmentManager)) + 15) / 16 * 16;
    const auto end = managerOffset + static_cast<std::int64_t>(main.get_segment_manager()->get_size() / 16 * 16) - 16;
    return {first, end};
}

std::vector<HostileFrame> hostileFrames(const bipc::managed_shared_memory& main, const Baits& baits)
{
    const BlockArea area = blockArea(main);
    const auto segmentSize = static_cast<std::int64_t>(main.get_size());
    std::vector<std::uint8_t> ones(kMetaHeaderSize, 0xFF);
    return {
        {"short-frame", metaBytes(16, 0, baits.live(), 7)},
        {"frame-31", metaBytes(16, 0, baits.live(), 31)},
        {"frame-1", metaBytes(16, 0, baits.live(), 1)},
        {"frame-40", metaBytes(16, 0, baits.live(), 40)},
        {"frame-1000", metaBytes(16, 0, baits.live(), 1000)},
        {"handle-zero", metaBytes(16, 0, 0)},
        {"handle-segment-manager", metaBytes(16, 0, 16)},
        {"handle-first-block-header", metaBytes(16, 0, area.firstBlock)},
        {"handle-negative", metaBytes(16, 0, -4096)},
        {"handle-far", metaBytes(16, 0, std::int64_t{1} << 60)},
        {"misaligned", metaBytes(16, 0, baits.live() + 8)},
        {"handle-at-end", metaBytes(0, 0, area.endBlock)},
        {"handle-segment-size", metaBytes(0, 0, segmentSize)},
        {"inside-live-chunk", metaBytes(16, 0, baits.live() + Baits::kFakeHeaderAt)},
        {"inside-ff-chunk", metaBytes(16, 0, baits.ones() + 512)},
        {"freed-chunk", metaBytes(16, 0, baits.freed())},
        {"size-past-chunk", metaBytes(Baits::kChunkSize + 4096, 0, baits.live())},
        {"size-huge", metaBytes(~std::uint64_t{0}, 0, baits.live())},
        {"all-ff-frame", ones},
        {"unknown-region", metaBytes(16, 999999, 0)},
        {"vanished-region", metaBytes(16, baits.vanishedRegionId(), 0)},
        {"outside-region", metaBytes(256, baits.regionId(), static_cast<std::int64_t>(baits.regionSize()) - 128)},
    };
}

void sendFrame(RoleContext& ctx, const std::vector<std::uint8_t>& bytes)
{
    ZmqMessage frame(bytes.size());
    if (!bytes.empty()) {
        std::memcpy(frame.data(), bytes.data(), bytes.size());
    }
    ctx.socket.send(frame, false, ctx.patience);
    ctx.patience.progress();
}

// A frame far over what a shmem receiver accepts (1 KiB), on a connection of its own: a receiver
// with ZMQ_MAXMSGSIZE drops that connection before assembling the frame; the main one goes on.
void sendOversizeFrame(RoleContext& ctx, const ZmqContext& context)
{
    ZmqSocket extra(context, ZMQ_PUSH, "cpp-peer.oversize[0].push", 0, ctx.options.hwm);
    extra.connect(ctx.options.endpoint);
    ZmqMessage frame(1 << 20);
    std::memset(frame.data(), 0xAB, 1 << 20);
    extra.send(frame, false, ctx.patience);
    std::cout << "HOSTILE oversize-frame" << std::endl;
}

// Waits for the stop signal, at most --hold-ms: the receivers have read every frame by then.
void awaitStop(std::uint64_t holdMs)
{
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(holdMs);
    while (!stopRequested() && std::chrono::steady_clock::now() < end) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

// The seven kinds any validating receiver rejects, the C++ peer's own among them (bounds, alignment,
// regions): they name no memory at all.
std::vector<HostileFrame> basicFrames(const bipc::managed_shared_memory& main)
{
    const auto end = static_cast<std::int64_t>(main.get_size());
    const std::int64_t nearEnd = (end - 4096) & ~std::int64_t{15};
    return {
        {"short-frame", metaBytes(16, 0, 4096, 7)},
        {"long-frame", metaBytes(16, 0, 4096, 40)},
        {"handle-far", metaBytes(16, 0, std::int64_t{1} << 60)},
        {"handle-negative", metaBytes(16, 0, -4096)},
        {"past-end", metaBytes(8192, 0, nearEnd)},
        {"unknown-region", metaBytes(16, 999999, 0)},
        {"misaligned", metaBytes(16, 0, 4097)},
    };
}

} // namespace

void runHostileSampler(RoleContext& ctx, DeviceTransport& transport)
{
    std::unique_ptr<Baits> baits;
    std::vector<HostileFrame> frames;
    if (ctx.options.hostileKinds == "basic") {
        frames = basicFrames(*transport.mainSegment());
    } else {
        baits = std::make_unique<Baits>(*transport.mainSegment(), *transport.managementSegment(), transport.names());
        frames = hostileFrames(*transport.mainSegment(), *baits);
    }
    const std::uint64_t hostileCount = frames.size() * ctx.options.hostileRounds;
    for (std::uint64_t k = 0; k < std::max(ctx.options.numMsgs, hostileCount); ++k) {
        if (k < ctx.options.numMsgs) {
            sendMessage(ctx, k, &ctx.summary);
            ++ctx.summary.msgs;
        }
        if (k < hostileCount) {
            const auto& hostile = frames[k % frames.size()];
            sendFrame(ctx, hostile.bytes);
            std::cout << "HOSTILE " << hostile.kind << std::endl;
        }
        if (k == 0 && ctx.options.oversizeFrame) {
            sendOversizeFrame(ctx, transport.context());
        }
    }
    if (baits) {
        awaitStop(ctx.options.holdMs);
        ctx.summary.errors += baits->release();
    }
}

} // namespace interop::device
