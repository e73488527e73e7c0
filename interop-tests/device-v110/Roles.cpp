#include "Roles.h"

#include "interop/Pattern.h"

#include <algorithm>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

namespace interop::v110
{

namespace
{

// The parts of message k as the plan describes them; copies (--copy) are what goes on the wire,
// the originals are released after the send (3.11).
struct Outgoing
{
    std::vector<Part> wire;
    std::vector<Part> originals;
};

Outgoing build(RoleContext& ctx, std::uint64_t k)
{
    Outgoing out;
    for (std::uint64_t j = 0; j < ctx.plan.parts(); ++j) {
        const auto spec = ctx.plan.part(k, j);
        Part part;
        if (spec.empty) {
            part = Codec::empty();
        } else if (ctx.region != nullptr) {
            const std::uint64_t hint = k * ctx.plan.parts() + j + 1;
            part = ctx.codec.regionPart(spec.regionOffset, spec.size, hint);
            ctx.region->expectAck(static_cast<std::int64_t>(spec.regionOffset), spec.size, hint);
        } else {
            part = ctx.codec.allocate(spec.size, ctx.patience);
        }
        fillPattern(reinterpret_cast<std::uint8_t*>(part.data), spec.size, spec.seed);
        ctx.summary.addPart(reinterpret_cast<const std::uint8_t*>(part.data), spec.size);
        if (ctx.options.copy && part.h.fHandle >= 0) {
            Part copy = ctx.codec.copy(part);
            ctx.refCountSeen = std::max<std::uint64_t>(ctx.refCountSeen, copy.refCount);
            out.originals.push_back(part);
            out.wire.push_back(copy);
        } else {
            out.wire.push_back(part);
        }
    }
    return out;
}

void send(RoleContext& ctx, Outgoing& out)
{
    ctx.socket.send(ctx.codec.encode(out.wire), ctx.patience);
    ctx.patience.progress();
    for (const auto& original : out.originals) {
        ctx.codec.release(original.h);
    }
}

// Receives one frame; false (counted as an error) if it was rejected.
bool receive(RoleContext& ctx, std::vector<Part>& parts)
{
    std::vector<char> frame;
    ctx.socket.receive(frame, ctx.patience);
    ctx.patience.progress();
    std::string error;
    if (!ctx.codec.decode(frame, parts, error)) {
        ++ctx.summary.errors;
        std::cout << "REJECTED " << error << std::endl;
        return false;
    }
    return true;
}

// Checks the parts against message k of the plan; `count` adds them to the summary.
void verify(RoleContext& ctx, const std::vector<Part>& parts, std::uint64_t k, bool count)
{
    if (parts.size() != ctx.plan.parts()) {
        ++ctx.summary.errors;
        std::cerr << "message " << k << ": " << parts.size() << " parts, expected " << ctx.plan.parts() << std::endl;
    }
    for (std::uint64_t j = 0; j < parts.size(); ++j) {
        const auto& part = parts[j];
        const auto spec = ctx.plan.part(k, std::min<std::uint64_t>(j, ctx.plan.parts() - 1));
        const auto* data = reinterpret_cast<const std::uint8_t*>(part.data);
        if (part.h.fHandle >= 0) {
            ctx.refCountSeen = std::max<std::uint64_t>(ctx.refCountSeen, part.refCount);
        }
        if (part.h.fSize != spec.size) {
            ++ctx.summary.errors;
            std::cerr << "message " << k << " part " << j << ": size " << part.h.fSize << ", expected " << spec.size
                      << std::endl;
        } else if (const auto bad = firstMismatch(data, part.h.fSize, spec.seed)) {
            ++ctx.summary.errors;
            std::cerr << "message " << k << " part " << j << ": payload differs at byte " << *bad << std::endl;
        }
        if (count) {
            ctx.summary.addPart(data, part.h.fSize);
        }
    }
}

void releaseAll(RoleContext& ctx, const std::vector<Part>& parts)
{
    for (const auto& part : parts) {
        ctx.codec.release(part.h);
    }
}

} // namespace

void runSender(RoleContext& ctx)
{
    for (std::uint64_t k = 0; k < ctx.options.numMsgs; ++k) {
        Outgoing out = build(ctx, k);
        send(ctx, out);
        ++ctx.summary.msgs;
    }
}

void runReceiver(RoleContext& ctx)
{
    std::vector<Part> parts;
    while (ctx.summary.msgs < ctx.options.numMsgs) {
        if (!receive(ctx, parts)) {
            continue;
        }
        verify(ctx, parts, ctx.summary.msgs, true);
        releaseAll(ctx, parts);
        ++ctx.summary.msgs;
    }
}

void runRequester(RoleContext& ctx)
{
    std::vector<Part> reply;
    for (std::uint64_t k = 0; k < ctx.options.numMsgs; ++k) {
        Outgoing out = build(ctx, k);
        send(ctx, out);
        if (receive(ctx, reply)) {
            verify(ctx, reply, k, false);
            releaseAll(ctx, reply);
        }
        ++ctx.summary.msgs;
    }
}

void runReplier(RoleContext& ctx)
{
    std::vector<Part> request;
    for (std::uint64_t k = 0; k < ctx.options.numMsgs; ++k) {
        std::vector<Part> reply;
        if (receive(ctx, request)) {
            verify(ctx, request, k, true);
            // the same payload as new managed messages
            for (const auto& part : request) {
                if (part.h.fSize == 0) {
                    reply.push_back(Codec::empty());
                } else {
                    Part fresh = ctx.codec.allocate(part.h.fSize, ctx.patience);
                    std::memcpy(fresh.data, part.data, part.h.fSize);
                    reply.push_back(fresh);
                }
            }
            releaseAll(ctx, request);
        }
        if (reply.empty()) {
            reply.push_back(Codec::empty());   // keep the REQ/REP lockstep after a rejected request
        }
        ctx.socket.send(ctx.codec.encode(reply), ctx.patience);
        ctx.patience.progress();
        ++ctx.summary.msgs;
    }
}

} // namespace interop::v110
