#include "TestPrefix.h"

#include <fairmq/shmem/Names.h>
#include <fairmq/shmem/jni/ManagedSegment.h>
#include <fairmq/shmem/jni/SharedRegion.h>
#include <fairmq/shmem/jni/VacatedRange.h>

#include <gtest/gtest.h>

#include <csignal>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

namespace
{

using namespace fair::mq::shmem;
using jni::OpenMode;
using jni::SharedRegion;

/// The line of /proc/self/maps whose range starts at `address`, or "".
std::string MapsLine(std::intptr_t address)
{
    std::ostringstream start;
    start << std::hex << address << '-';
    std::ifstream maps("/proc/self/maps");
    for (std::string line; std::getline(maps, line);) {
        if (line.rfind(start.str(), 0) == 0) {
            return line;
        }
    }
    return "";
}

class VacatedRangeTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        SharedRegion::Remove(fRegion);
        jni::ManagedSegment::Remove(fSegment);
        EXPECT_TRUE(test::LeftInDevShm(fPrefix).empty());
    }

    std::string fPrefix = test::UniquePrefix("vacate");
    std::string fRegion = Names(fPrefix).Region(1);
    std::string fSegment = Names(fPrefix).Main();
};

TEST_F(VacatedRangeTest, ReplacesTheRegionMappingInPlaceAndLeavesTheRegionAlone)
{
    SharedRegion region(static_cast<int>(OpenMode::CreateOnly), fRegion, 3 * 4096 + 100);
    auto* bytes = reinterpret_cast<volatile char*>(region.Address());
    bytes[0] = 42;
    ASSERT_NE(MapsLine(region.Address()).find(fRegion), std::string::npos);

    ASSERT_EQ(region.Vacate(), 0);

    const std::string line = MapsLine(region.Address());
    EXPECT_NE(line.find("fairmq-vacated-mapping"), std::string::npos) << line;
    EXPECT_EQ(line.find(fRegion), std::string::npos) << line;
    // a late read or write faults with SIGBUS (what the JVM turns into an exception), not SIGSEGV
    EXPECT_EXIT(static_cast<void>(bytes[0]), ::testing::KilledBySignal(SIGBUS), "");
    EXPECT_EXIT(bytes[4096 * 3 + 99] = 1, ::testing::KilledBySignal(SIGBUS), "");

    SharedRegion reopened(static_cast<int>(OpenMode::OpenOnly), fRegion, 0);
    EXPECT_EQ(reinterpret_cast<volatile char*>(reopened.Address())[0], 42);
}

TEST_F(VacatedRangeTest, CoversTheWholeSegmentMappingAndTheDestructorUnmapsThePlaceholder)
{
    std::intptr_t begin = 0;
    {
        jni::ManagedSegment segment(static_cast<int>(OpenMode::CreateOnly), fSegment, 1 << 20);
        begin = segment.Address() & ~static_cast<std::intptr_t>(4095); // the mapping starts at a page
        ASSERT_NE(MapsLine(begin).find(fSegment), std::string::npos);
        ASSERT_EQ(segment.Vacate(), 0);
        EXPECT_NE(MapsLine(begin).find("fairmq-vacated-mapping"), std::string::npos) << MapsLine(begin);
    }
    EXPECT_EQ(MapsLine(begin), "") << "the destructor left the placeholder mapped";
}

} // namespace
