// fairmq-interop-device-v110: a C++ device peer of the FairMQ v1.10 shmem protocol, written from
// /work/shared/PROTOCOL-V110.md only (Boost.Interprocess 1.74, libzmq, C++17). See README.md.
// stdout: "READY" once joined and bound/connected, REJECTED lines for bad frames, one SUMMARY line
// (with --bench a RATE or LATENCY line before it);
// probe/cleanup print KEY=VALUE / removal lines.
// Exit code: 0 if all messages went through with --expect-errors errors (and every region block was
// acknowledged), 1 otherwise, 2 on a usage or set-up error.
#include "Options.h"
#include "Regions.h"
#include "Roles.h"
#include "Session.h"
#include "Wire.h"

#include <unistd.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

namespace interop::v110
{

namespace
{

struct SocketKind
{
    int type;
    const char* name;
};

SocketKind socketKind(Role role)
{
    switch (role) {
        case Role::Push:
        case Role::Ping: return {ZMQ_PUSH, "push"};
        case Role::Pull:
        case Role::Pong: return {ZMQ_PULL, "pull"};
        case Role::Req: return {ZMQ_REQ, "req"};
        case Role::Rep: return {ZMQ_REP, "rep"};
        default: return {ZMQ_PAIR, "pair"};
    }
}

bool sendsPayloads(Role role) { return role == Role::Push || role == Role::PairSend || role == Role::Req; }

void waitFor(std::uint64_t ms)
{
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (!interop::device::stopRequested() && (ms == 0 || std::chrono::steady_clock::now() < end)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

// Free memory of the own segment, after giving the peer up to settleMs to release what it holds.
std::uint64_t settledFree(Session& session, std::uint64_t before, std::uint64_t settleMs)
{
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(settleMs);
    std::uint64_t free = session.ownSegment().freeMemory();
    while (free != before && std::chrono::steady_clock::now() < end) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        free = session.ownSegment().freeMemory();
    }
    return free;
}

interop::device::Options planOptions(const Options& o)
{
    interop::device::Options p;
    p.seed = o.seed;
    p.size = o.size;
    p.randomSizes = o.randomSizes;
    p.parts = o.parts;
    p.emptyPartEvery = o.emptyPartEvery;
    p.regionSize = o.regionSize;
    return p;
}

// --leak-one-chunk: one chunk of the own segment (a live ShmHeader, refcount 1) this device never
// releases, named on stdout as "LEAK handle=<h> size=<usable bytes>" (h as a MetaHeader carries it,
// the size as Boost's size() reports it: what a leak report lists).
void leakOneChunk(Session& session, std::uint64_t size)
{
    DataSegment& segment = session.ownSegment();
    char* chunk = static_cast<char*>(segment.allocate(fair::mq::shmem::ShmHeader::fullSize(size)));
    if (chunk == nullptr) {
        throw std::runtime_error("--leak-one-chunk " + std::to_string(size) + ": the segment is full");
    }
    fair::mq::shmem::ShmHeader::construct(chunk);
    std::cout << "LEAK handle=" << (chunk - segment.base()) << " size=" << segment.usableSize(chunk) << std::endl;
}

int runDevice(const Options& o)
{
    const std::string shmId = o.shmid ? formatShmId(*o.shmid) : makeShmId(o.session, geteuid());
    const Names names(shmId);
    if (o.verbose) {
        std::cerr << "Generated shmid '" << shmId << "' out of session id '" << o.session << "'." << std::endl;
    }
    if (o.role == Role::Probe) {
        return runProbe(o, names);
    }
    if (o.role == Role::Cleanup) {
        return runCleanup(o, names);
    }
    SessionConfig config;
    config.sessionName = o.session;
    config.shmId = shmId;
    config.segmentId = o.segmentId;
    config.segmentSize = o.segmentSize;
    config.algorithm = o.allocation;
    config.noCleanup = o.noCleanup;
    config.heartbeat = o.heartbeat;
    config.monitor = o.monitor;
    config.verbose = o.verbose;
    Session session(config);
    if (o.leakOneChunk > 0) {
        leakOneChunk(session, o.leakOneChunk);
    }
    if (o.role == Role::Hold) {
        std::cout << "READY" << std::endl;
        waitFor(o.holdMs);
        return 0;
    }

    interop::device::Summary summary;
    summary.role = o.roleName;
    summary.freeBefore = session.ownSegment().freeMemory();
    std::uint64_t acks = 0;
    std::uint64_t refCountSeen = 0;
    bool allAcked = true;
    {
        Context context;
        std::unique_ptr<ControllerRegion> region;
        if (o.regionSize > 0 && sendsPayloads(o.role)) {
            region = std::make_unique<ControllerRegion>(session, o.regionSize, o.rcSegmentSize, o.verbose);
        }
        const SocketKind kind = socketKind(o.role);
        Socket socket(context, kind.type, std::string("cpp-v110.data[0].") + kind.name, o.lingerMs, o.hwm);
        o.bind ? socket.bind(o.endpoint) : socket.connect(o.endpoint);
        // ping/pong: the reply channel, bound by ping (a receiver) and connected by pong
        std::optional<Socket> replies;
        if (o.role == Role::Ping || o.role == Role::Pong) {
            const bool ping = o.role == Role::Ping;
            replies.emplace(context, ping ? ZMQ_PULL : ZMQ_PUSH, ping ? "cpp-v110.data[1].pull" : "cpp-v110.data[1].push",
                            o.lingerMs, o.hwm);
            ping ? replies->bind(o.replyEndpoint) : replies->connect(o.replyEndpoint);
        }
        std::cout << "READY" << std::endl;
        {
            const interop::device::MessagePlan plan(planOptions(o));
            Codec codec(session, region.get(), o);
            RoleContext ctx{o, plan, socket, codec, region.get(), summary, Patience(o.timeoutMs)};
            ctx.replies = replies ? &*replies : nullptr;
            try {
                switch (o.role) {
                    case Role::Push: o.bench ? runBenchSender(ctx) : runSender(ctx); break;
                    case Role::PairSend: runSender(ctx); break;
                    case Role::Pull: o.bench ? runBenchReceiver(ctx) : runReceiver(ctx); break;
                    case Role::PairRecv: runReceiver(ctx); break;
                    case Role::Ping: runPing(ctx); break;
                    case Role::Pong: runPong(ctx); break;
                    case Role::Req: runRequester(ctx); break;
                    case Role::Rep: runReplier(ctx); break;
                    default: break;
                }
            } catch (const std::exception& e) {
                ++summary.errors;
                std::cerr << "ERROR " << o.roleName << ": " << e.what() << std::endl;
            }
            refCountSeen = ctx.refCountSeen;
            acks = codec.flushAcks();
        }   // codec: viewers flush their last acknowledgements
        if (region) {
            region->ownAcks().stop();   // the sender's own last releases (copies) are acknowledgements too
            allAcked = region->awaitAcks(o.timeoutMs);
            acks += region->acks();
            if (!allAcked) {
                ++summary.errors;
                std::cerr << "ERROR " << o.roleName << ": not every region block was acknowledged" << std::endl;
            }
            if (region->unexpectedAcks() > 0) {
                summary.errors += region->unexpectedAcks();
            }
            region->destroy();
        }
        summary.freeAfter = settledFree(session, summary.freeBefore, o.settleMs);
        std::cout << summary.line() << " acks=" << acks << " refcount_seen=" << refCountSeen << std::endl;
        waitFor(o.holdMs == 0 ? 1 : o.holdMs);
    }
    session.leave();
    // a --bench run ends on time or on the sender's end-of-stream frame, not after exactly N
    const bool allMessages = o.bench || summary.msgs == o.numMsgs;
    return summary.errors == o.expectErrors && allMessages && allAcked ? 0 : 1;
}

} // namespace

} // namespace interop::v110

int main(int argc, char** argv)
{
    using namespace interop::v110;
    std::optional<Options> options;
    try {
        options = parseOptions(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "fairmq-interop-device-v110: " << e.what() << "\n" << usage();
        return 2;
    }
    try {
        interop::device::installStopHandlers();
        return runDevice(*options);
    } catch (const std::exception& e) {
        std::cerr << "fairmq-interop-device-v110: " << e.what() << std::endl;
    } catch (...) {
        std::cerr << "fairmq-interop-device-v110: unknown exception" << std::endl;
    }
    return 2;
}
