// What message k, part j looks like: the deterministic plan that sender and receiver share
// (and that the Java harness implements identically).
#ifndef INTEROP_DEVICE_MESSAGEPLAN_H
#define INTEROP_DEVICE_MESSAGEPLAN_H

#include "Options.h"

#include "interop/Pattern.h"

#include <cstdint>

namespace interop::device
{

struct PartSpec
{
    std::uint64_t size;          // 0 for empty parts
    std::uint64_t seed;          // pattern seed of the payload
    bool empty;                  // sent as a zero-length frame
    std::uint64_t regionOffset;  // offset in the sender's region (region mode only)
    bool fill = true;            // false in --bench mode: the payload is left as allocated
};

class MessagePlan
{
  public:
    explicit MessagePlan(const Options& o)
        : seed_(o.seed), size_(o.size), random_(o.randomSizes), parts_(o.parts), emptyEvery_(o.emptyPartEvery),
          regionSize_(o.regionSize)
    {}

    std::uint64_t parts() const { return parts_; }
    bool regionMode() const { return regionSize_ > 0; }

    // Single part (P == 1): size splitmix64(s + k) % (M + 1), pattern seed s + k.
    // Multipart: size splitmix64(s + k*1000 + j) % (M + 1), pattern seed k*1000 + j.
    // Part j is empty when E > 0 and j % E == E - 1.
    // Region offset: (n * 4096) % (R - size) with n = k * P + j (n = k for single part).
    PartSpec part(std::uint64_t k, std::uint64_t j) const
    {
        const bool single = parts_ == 1;
        const std::uint64_t key = single ? k : k * 1000 + j;
        PartSpec spec{};
        spec.empty = emptyEvery_ > 0 && j % emptyEvery_ == emptyEvery_ - 1;
        spec.seed = single ? seed_ + k : key;
        spec.size = spec.empty ? 0 : (random_ ? randomSize(seed_, key, size_) : size_);
        if (regionSize_ > 0) {
            const std::uint64_t span = regionSize_ - spec.size;
            spec.regionOffset = span == 0 ? 0 : ((k * parts_ + j) * 4096) % span;
        }
        return spec;
    }

  private:
    std::uint64_t seed_;
    std::uint64_t size_;
    bool random_;
    std::uint64_t parts_;
    std::uint64_t emptyEvery_;
    std::uint64_t regionSize_;
};

} // namespace interop::device

#endif // INTEROP_DEVICE_MESSAGEPLAN_H
