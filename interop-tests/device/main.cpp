// fairmq-interop-device: a C++ shmem/zeromq device peer over libzmq (see interop-tests/README.md).
// stdout: "READY" once the socket is bound/connected, HOSTILE/REJECTED lines, then one SUMMARY line
// (with --bench a RATE line before it).
// Exit code: 0 if all N messages went through with the expected number of errors, 1 otherwise,
// 2 on a usage or set-up error.
#include "DeviceTransport.h"
#include "MessageIo.h"
#include "MessagePlan.h"
#include "Options.h"
#include "Regions.h"
#include "Roles.h"
#include "Stop.h"

#include <chrono>
#include <exception>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <thread>

namespace interop::device
{

namespace
{

struct SocketKind
{
    int type;
    const char* name;   // PROTOCOL.md 4.2 type string
};

SocketKind socketKind(Role role)
{
    switch (role) {
        case Role::Push:
        case Role::Ping:
        case Role::SamplerHostile:
        case Role::SamplerFuzz: return {ZMQ_PUSH, "push"};
        case Role::Pull:
        case Role::Pong: return {ZMQ_PULL, "pull"};
        case Role::PairSend:
        case Role::PairRecv: return {ZMQ_PAIR, "pair"};
        case Role::Req: return {ZMQ_REQ, "req"};
        case Role::Rep: return {ZMQ_REP, "rep"};
    }
    return {ZMQ_PAIR, "pair"};
}

bool sendsPayloads(Role role) { return role != Role::Pull && role != Role::PairRecv && role != Role::Pong; }

void runRole(RoleContext& ctx, DeviceTransport& transport)
{
    switch (ctx.options.role) {
        case Role::Push: ctx.options.bench ? runBenchSender(ctx) : runSender(ctx); break;
        case Role::PairSend: runSender(ctx); break;
        case Role::Pull: ctx.options.bench ? runBenchReceiver(ctx) : runReceiver(ctx); break;
        case Role::PairRecv: runReceiver(ctx); break;
        case Role::Req: runRequester(ctx); break;
        case Role::Rep: runReplier(ctx); break;
        case Role::SamplerHostile: runHostileSampler(ctx, transport); break;
        case Role::SamplerFuzz: runFuzzSampler(ctx, transport); break;
        case Role::Ping: runPing(ctx); break;
        case Role::Pong: runPong(ctx); break;
    }
}

// Keeps everything open for --hold-ms (crash tests kill the process here).
void hold(std::uint64_t ms)
{
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (!stopRequested() && std::chrono::steady_clock::now() < end) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

// --leak-one-chunk: one chunk of the main segment this device never frees, named on stdout as
// "LEAK handle=<h> size=<usable bytes>" (Boost's size(): what a leak report lists).
void leakOneChunk(DeviceTransport& transport, std::uint64_t size)
{
    bipc::managed_shared_memory* main = transport.mainSegment();
    if (main == nullptr) {
        throw std::invalid_argument("--leak-one-chunk needs --transport shmem");
    }
    void* chunk = main->allocate(size);
    std::cout << "LEAK handle=" << main->get_handle_from_address(chunk)
              << " size=" << main->get_segment_manager()->size(chunk) << std::endl;
}

int runDevice(const Options& options)
{
    DeviceTransport transport(options);
    if (options.leakOneChunk > 0) {
        leakOneChunk(transport, options.leakOneChunk);
    }
    Summary summary;
    summary.role = options.roleName;
    summary.freeBefore = transport.freeMemory();
    {
        std::unique_ptr<SenderRegion> region;
        if (options.regionSize > 0 && sendsPayloads(options.role)) {
            region = std::make_unique<SenderRegion>(*transport.managementSegment(), transport.names(), options.regionSize);
            if (options.verbose) {
                std::cerr << "region " << region->id() << " of " << region->size() << " bytes created" << std::endl;
            }
        }
        const SocketKind kind = socketKind(options.role);
        ZmqSocket socket(transport.context(), kind.type, std::string("cpp-peer.data[0].") + kind.name, options.lingerMs,
                          options.hwm);
        if (options.bind) {
            socket.bind(options.endpoint);
        } else {
            socket.connect(options.endpoint);
        }
        // ping/pong: the reply channel, bound by ping (a receiver) and connected by pong
        std::optional<ZmqSocket> replies;
        if (options.role == Role::Ping || options.role == Role::Pong) {
            const bool ping = options.role == Role::Ping;
            replies.emplace(transport.context(), ping ? ZMQ_PULL : ZMQ_PUSH,
                            ping ? "cpp-peer.data[1].pull" : "cpp-peer.data[1].push", options.lingerMs, options.hwm);
            ping ? replies->bind(options.replyEndpoint) : replies->connect(options.replyEndpoint);
        }
        std::cout << "READY" << std::endl;

        const MessagePlan plan(options);
        const auto codec = makeCodec(options, transport, region.get());
        RoleContext ctx{options, plan, socket, *codec, summary, Patience(options.timeoutMs),
                        replies ? &*replies : nullptr};
        try {
            runRole(ctx, transport);
        } catch (const std::exception& e) {
            ++summary.errors;
            std::cerr << "ERROR " << options.roleName << ": " << e.what() << std::endl;
        }
        summary.freeAfter = transport.freeMemory();
        std::cout << summary.line() << std::endl;
        hold(options.holdMs);
    }  // socket closed, own region name removed
    transport.shutdown();
    // a --bench run ends on time or on the sender's end-of-stream frame, not after exactly N
    const bool allMessages = options.bench || summary.msgs == options.numMsgs;
    return summary.errors == options.expectErrors && allMessages ? 0 : 1;
}

} // namespace

} // namespace interop::device

int main(int argc, char** argv)
{
    using namespace interop::device;
    std::optional<Options> options;
    try {
        options = parseOptions(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "fairmq-interop-device: " << e.what() << "\n" << usage();
        return 2;
    }
    try {
        installStopHandlers();
        return runDevice(*options);
    } catch (const std::exception& e) {
        std::cerr << "fairmq-interop-device: " << e.what() << std::endl;
    } catch (...) {
        std::cerr << "fairmq-interop-device: unknown exception" << std::endl;
    }
    return 2;
}
