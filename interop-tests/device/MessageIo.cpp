#include "MessageIo.h"

#include "interop/MetaFrame.h"

#include <iostream>
#include <utility>

namespace interop::device
{

std::int64_t sendMessage(RoleContext& ctx, std::uint64_t k, Summary* account)
{
    const std::uint64_t count = ctx.plan.parts();
    std::vector<OutgoingPart> parts;
    parts.reserve(count);
    for (std::uint64_t j = 0; j < count; ++j) {
        parts.push_back(ctx.codec.encode(ctx.plan.part(k, j), ctx.patience));
    }
    if (account != nullptr) {
        for (auto& part : parts) {
            account->addPart(part.payload(), part.size);
        }
    }
    std::int64_t firstHandle = 0;
    if (!parts.empty() && parts[0].frame.size() == kMetaHeaderSize) {
        firstHandle = decodeMetaFrame(parts[0].frame.data()).handle;
    }
    for (std::uint64_t j = 0; j < count; ++j) {
        // Retries the same part on EAGAIN (never restarts from part 0, unlike defect D13).
        ctx.socket.send(parts[j].frame, j + 1 < count, ctx.patience);
        parts[j].chunk.handOver();
    }
    ctx.patience.progress();
    return firstHandle;
}

ReceivedMessage::ReceivedMessage(PayloadCodec& codec, std::vector<ZmqMessage> frames)
    : codec_(&codec), frames_(std::move(frames))
{
    parts_.reserve(frames_.size());
    for (auto& frame : frames_) {
        try {
            parts_.push_back(codec_->decode(frame));
        } catch (const Rejected& e) {
            if (!rejection_) {
                rejection_ = e.what();  // keep decoding: valid parts still hand over their chunks
            }
        }
    }
}

ReceivedMessage::~ReceivedMessage()
{
    if (codec_ == nullptr) {
        return;
    }
    for (const auto& part : parts_) {
        try {
            codec_->release(part);
        } catch (const std::exception& e) {
            std::cerr << "cannot release handle " << part.handle << ": " << e.what() << std::endl;
        }
    }
}

ReceivedMessage receiveMessage(RoleContext& ctx)
{
    std::vector<ZmqMessage> frames;
    do {
        frames.emplace_back();
        ctx.socket.receive(frames.back(), ctx.patience);
    } while (frames.back().more());
    ctx.patience.progress();
    return ReceivedMessage(ctx.codec, std::move(frames));
}

namespace
{

// Problem with one part, or an empty string.
std::string checkPart(const RoleContext& ctx, const ReceivedPart& part, const PartSpec& spec)
{
    if (spec.size == 0) {
        // Both forms of an empty message are valid (PROTOCOL.md 11 rule 13).
        return part.size == 0 ? std::string() : "size " + std::to_string(part.size) + ", expected 0";
    }
    if (part.zeroLengthFrame) {
        return "empty frame, expected size " + std::to_string(spec.size);
    }
    if (part.size != spec.size) {
        return "size " + std::to_string(part.size) + ", expected " + std::to_string(spec.size);
    }
    if (ctx.plan.regionMode()
        && (part.regionId == 0 || part.handle != static_cast<std::int64_t>(spec.regionOffset))) {
        return "region " + std::to_string(part.regionId) + " handle " + std::to_string(part.handle)
               + ", expected a region message at offset " + std::to_string(spec.regionOffset);
    }
    if (const auto bad = firstMismatch(part.payload, part.size, spec.seed)) {
        return "mismatch at byte " + std::to_string(*bad) + ": expected "
               + std::to_string(pattern(spec.seed, *bad)) + " got " + std::to_string(part.payload[*bad]);
    }
    return std::string();
}

} // namespace

void verifyMessage(RoleContext& ctx, const ReceivedMessage& message, std::uint64_t k)
{
    const auto& parts = message.parts();
    ++ctx.summary.msgs;
    for (const auto& part : parts) {
        ctx.summary.addPart(part.payload, part.size);
    }
    if (parts.size() != ctx.plan.parts()) {
        ++ctx.summary.errors;
        std::cerr << "MISMATCH message " << k << ": " << parts.size() << " parts, expected " << ctx.plan.parts()
                  << std::endl;
        return;
    }
    for (std::uint64_t j = 0; j < parts.size(); ++j) {
        const std::string problem = checkPart(ctx, parts[j], ctx.plan.part(k, j));
        if (!problem.empty()) {
            ++ctx.summary.errors;
            std::cerr << "MISMATCH message " << k << " part " << j << ": " << problem << std::endl;
        }
    }
}

void reportRejection(RoleContext& ctx, const std::string& reason)
{
    ++ctx.summary.errors;
    std::cout << "REJECTED " << reason << std::endl;
}

} // namespace interop::device
