#include <fairmq/shmem/Common.h>

#include <gtest/gtest.h>

#include <cstring>
#include <typeinfo>

namespace
{

using namespace fair::mq::shmem;

TEST(Common, UniqueInstanceKeysAreTheReferenceTypeNames)
{
    EXPECT_STREQ(typeid(DeviceCounter).name(), kDeviceCounterKey);
    EXPECT_STREQ(typeid(RegionCounter).name(), kRegionCounterKey);
    EXPECT_STREQ(typeid(MonitorStatus).name(), kMonitorStatusKey);
    EXPECT_STREQ(typeid(MetaHeader).name(), kMetaHeaderKey);
    EXPECT_EQ(std::strlen(kDeviceCounterKey), 31U);
    EXPECT_STREQ(typeid(std::atomic<int>).name(), "St6atomicIiE");
}

TEST(Common, MetaHeaderLayoutIsTheObservedFrame)
{
    alignas(32) unsigned char raw[sizeof(MetaHeader)] = {};
    auto header = reinterpret_cast<MetaHeader*>(raw);
    header->fSize = 16;
    header->fRegionId = 0;
    header->fHandle = 384;
    // PROTOCOL.md 3.1, observed frame: 1000000000000000 0000000000000000 8001000000000000 0000...
    const unsigned char expected[32] = {0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                        0x80, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    EXPECT_EQ(std::memcmp(raw, expected, sizeof(expected)), 0);
}

TEST(Common, CountersStartWithTheGivenValue)
{
    DeviceCounter device(1);
    RegionCounter region(7);
    MonitorStatus status;
    EXPECT_EQ(device.fCount.load(), 1U);
    EXPECT_EQ(region.fCount.load(), 7U);
    EXPECT_TRUE(status.fActive);
}

} // namespace
