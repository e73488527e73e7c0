// Fixed values of the shared formats: typeid keys, MetaHeader bytes (PROTOCOL.md 1.2, 3.1) and the
// payload functions. The Java harness should assert the same vectors.
#include "interop/MetaFrame.h"
#include "interop/Pattern.h"
#include "interop/ShmemTypes.h"

#include "ShmHygiene.h"

#include <gtest/gtest.h>

#include <boost/interprocess/managed_shared_memory.hpp>

#include <cstdint>
#include <string>
#include <typeinfo>
#include <vector>

namespace interop::test
{
namespace
{

namespace bipc = boost::interprocess;
using namespace fair::mq::shmem;

std::string hex(const std::uint8_t* data, std::size_t size)
{
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < size; ++i) {
        out += digits[data[i] >> 4];
        out += digits[data[i] & 15];
    }
    return out;
}

TEST(Format, shouldNameTypesLikeTheReference)
{
    EXPECT_STREQ(typeid(DeviceCounter).name(), "N4fair2mq5shmem13DeviceCounterE");
    EXPECT_STREQ(typeid(RegionCounter).name(), "N4fair2mq5shmem13RegionCounterE");
    EXPECT_STREQ(typeid(MonitorStatus).name(), "N4fair2mq5shmem13MonitorStatusE");
    EXPECT_STREQ(typeid(MetaHeader).name(), "N4fair2mq5shmem10MetaHeaderE");
}

TEST(Format, shouldKeyUniqueInstancesByTheMangledName)
{
    ShmScope shm(uniquePrefix("fmt"));
    const std::string name = shm.prefix() + "main";
    {
        bipc::managed_shared_memory segment(bipc::create_only, name.c_str(), 65536);
        segment.construct<DeviceCounter>(bipc::unique_instance)(1u);
        std::vector<std::string> keys;
        for (auto it = segment.unique_begin(); it != segment.unique_end(); ++it) {
            keys.emplace_back(it->name(), it->name_length());
        }
        EXPECT_EQ(keys, std::vector<std::string>{"N4fair2mq5shmem13DeviceCounterE"});
    }
    bipc::shared_memory_object::remove(name.c_str());
}

TEST(Format, shouldEncodeMetaHeadersAsInTheProtocolExamples)
{
    std::uint8_t bytes[kMetaHeaderSize];
    encodeMetaFrame(MetaFrame{16, 0, 384}, bytes);
    EXPECT_EQ(hex(bytes, sizeof bytes), "1000000000000000" "0000000000000000" "8001000000000000" "0000000000000000");
    encodeMetaFrame(MetaFrame{64, 2, 4096}, bytes);
    EXPECT_EQ(hex(bytes, sizeof bytes), "4000000000000000" "0200000000000000" "0010000000000000" "0000000000000000");
    const MetaFrame decoded = decodeMetaFrame(bytes);
    EXPECT_EQ(decoded.size, 64u);
    EXPECT_EQ(decoded.regionId, 2u);
    EXPECT_EQ(decoded.handle, 4096);
    EXPECT_TRUE(decoded.paddingIsZero);
    bytes[31] = 1;
    EXPECT_FALSE(decodeMetaFrame(bytes).paddingIsZero);
    encodeMetaFrame(MetaFrame{1, 0, -1}, bytes);
    EXPECT_EQ(hex(bytes + 16, 8), "ffffffffffffffff");
}

TEST(Format, shouldComputeThePayloadFunctions)
{
    EXPECT_EQ(splitmix64(0), 0xE220A8397B1DCDAFull);
    EXPECT_EQ(splitmix64(1), 10451216379200822465ull);
    const std::vector<std::uint64_t> sizes = {randomSize(7, 0, 1024), randomSize(7, 1, 1024), randomSize(7, 2, 1024),
                                              randomSize(7, 3, 1024), randomSize(7, 4, 1024)};
    EXPECT_EQ(sizes, (std::vector<std::uint64_t>{587, 997, 1003, 91, 513}));
    const std::vector<int> bytes = {pattern(1, 0), pattern(1, 1), pattern(1, 255), pattern(1, 256), pattern(1, 257),
                                    pattern(1, 1000)};
    EXPECT_EQ(bytes, (std::vector<int>{131, 162, 100, 132, 163, 158}));

    Fnv1a64 empty;
    EXPECT_EQ(empty.value(), 14695981039346656037ull);
    Fnv1a64 a;
    a.update(reinterpret_cast<const std::uint8_t*>("a"), 1);
    EXPECT_EQ(a.value(), 12638187200555641996ull);
    Fnv1a64 foobar;
    foobar.update(reinterpret_cast<const std::uint8_t*>("foo"), 3);
    foobar.update(reinterpret_cast<const std::uint8_t*>("bar"), 3);  // incremental == one pass
    EXPECT_EQ(foobar.value(), 0x85944171F73967E8ull);

    std::vector<std::uint8_t> payload(1000);
    fillPattern(payload.data(), payload.size(), 42);
    Fnv1a64 sum;
    sum.update(payload.data(), payload.size());
    EXPECT_EQ(sum.value(), 4507558388317917045ull);
    EXPECT_FALSE(firstMismatch(payload.data(), payload.size(), 42).has_value());
    payload[777] ^= 1;
    EXPECT_EQ(firstMismatch(payload.data(), payload.size(), 42), std::optional<std::size_t>(777));
}

} // namespace
} // namespace interop::test
