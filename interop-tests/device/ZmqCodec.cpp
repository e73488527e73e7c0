// zeromq transport: one frame carries the payload bytes (PROTOCOL.md 7).
#include "PayloadCodec.h"

#include "interop/Pattern.h"

namespace interop::device
{

class ZmqCodec final : public PayloadCodec
{
  public:
    OutgoingPart encode(const PartSpec& spec, const Patience&) override
    {
        OutgoingPart part{ZmqMessage(spec.size), OwnedChunk(), nullptr, spec.size};
        if (spec.fill) {
            fillPattern(part.frame.data(), spec.size, spec.seed);
        }
        return part;
    }

    ReceivedPart decode(ZmqMessage& frame) override
    {
        ReceivedPart part;
        part.payload = frame.data();
        part.size = frame.size();
        part.zeroLengthFrame = frame.size() == 0;
        return part;
    }

    void release(const ReceivedPart&) override {}
};

std::unique_ptr<PayloadCodec> makeZmqCodec() { return std::make_unique<ZmqCodec>(); }

} // namespace interop::device
