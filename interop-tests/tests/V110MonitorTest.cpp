// --shm-monitor of fairmq-interop-device-v110 (PROTOCOL-V110.md 2.4) against fake-shmmonitor, a
// stand-in installed as <temp dir>/fairmq-shmmonitor with FAIRMQ_PATH=<temp dir> that records its
// argv. Every test uses its own random session and checks that nothing of it is left in /dev/shm.
#include "ChildProcess.h"
#include "ShmHygiene.h"

#include "interop/v110/Names.h"

#include <boost/interprocess/sync/named_mutex.hpp>

#include <gtest/gtest.h>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace interop::test
{
namespace
{

using namespace std::chrono_literals;
using Args = std::vector<std::string>;
namespace bipc = boost::interprocess;

std::string randomSession()
{
    static std::mt19937_64 random{std::random_device{}() ^ static_cast<std::uint64_t>(getpid())};
    std::ostringstream s;
    s << "v110_mon_" << getpid() << "_" << std::hex << random();
    return s.str();
}

struct MonitorRun
{
    std::optional<int> exitCode;
    std::vector<std::string> lines;   // stdout and stderr
    bool zombieSeen = false;

    bool has(const std::string& line) const
    {
        for (const auto& l : lines) {
            if (l.find(line) != std::string::npos) {
                return true;
            }
        }
        return false;
    }
};

// True if `parent` has a child in state Z.
bool hasZombieChild(pid_t parent)
{
    bool found = false;
    DIR* proc = opendir("/proc");
    if (proc == nullptr) {
        return false;
    }
    while (dirent* entry = readdir(proc)) {
        std::ifstream stat(std::string("/proc/") + entry->d_name + "/stat");
        std::string text;
        if (!stat || !std::getline(stat, text)) {
            continue;
        }
        const auto close = text.rfind(')');
        if (close == std::string::npos) {
            continue;
        }
        std::istringstream rest(text.substr(close + 1));
        char state = 0;
        long ppid = 0;
        rest >> state >> ppid;
        found = found || (ppid == parent && state == 'Z');
    }
    closedir(proc);
    return found;
}

class V110MonitorTest : public ::testing::Test
{
  protected:
    const std::string session = randomSession();
    const std::string shmId = v110::makeShmId(session, geteuid());
    ShmScope shm{"fmq_" + shmId + "_"};
    std::string dir;
    std::string record;
    const std::string oldPath = std::getenv("PATH") ? std::getenv("PATH") : "";

    void SetUp() override
    {
        char templ[] = "/tmp/fmqv110mon_XXXXXX";
        ASSERT_NE(mkdtemp(templ), nullptr);
        dir = templ;
        record = dir + "/argv.txt";
        ASSERT_EQ(symlink(FAKE_SHMMONITOR_PATH, (dir + "/fairmq-shmmonitor").c_str()), 0);
        setenv("FAIRMQ_PATH", dir.c_str(), 1);
        setenv("FAKE_SHMMONITOR_RECORD", record.c_str(), 1);
        unsetenv("FAIRMQ_SHMMONITOR_VERBOSE");
        unsetenv("FAKE_SHMMONITOR_SILENT");
    }

    void TearDown() override
    {
        setenv("PATH", oldPath.c_str(), 1);
        for (const char* name : {"FAIRMQ_PATH", "FAKE_SHMMONITOR_RECORD", "FAIRMQ_SHMMONITOR_VERBOSE",
                                 "FAKE_SHMMONITOR_SILENT"}) {
            unsetenv(name);
        }
        std::remove((dir + "/fairmq-shmmonitor").c_str());
        std::remove(record.c_str());
        rmdir(dir.c_str());
    }

    // The device with stderr merged into stdout; `watchZombies`: look for a zombie child after 1 s.
    MonitorRun device(const Args& extra, bool watchZombies = false) const
    {
        Args args{"-c", "exec \"$0\" \"$@\" 2>&1", INTEROP_DEVICE_PATH, "--session", session,
                  "--shm-segment-size", "4194304", "--verbose"};
        args.insert(args.end(), extra.begin(), extra.end());
        ChildProcess child("/bin/sh", args);
        MonitorRun run;
        if (watchZombies) {
            std::this_thread::sleep_for(1s);
            run.zombieSeen = hasZombieChild(child.pid());
        }
        run.lines = child.readAll(60s);
        run.exitCode = child.wait(20s);
        return run;
    }

    Args recorded() const
    {
        Args lines;
        std::ifstream in(record);
        for (std::string line; std::getline(in, line);) {
            lines.push_back(line);
        }
        return lines;
    }

    // The fake removes fmq_<id>_ms shortly after the device removed mng.
    void expectSessionGone() const
    {
        const auto end = std::chrono::steady_clock::now() + 10s;
        while (!shmEntries(shm.prefix()).empty() && std::chrono::steady_clock::now() < end) {
            std::this_thread::sleep_for(20ms);
        }
        EXPECT_EQ(shmEntries(shm.prefix()), std::vector<std::string>{});
    }

    static void dump(const MonitorRun& run)
    {
        for (const auto& line : run.lines) {
            std::cout << "  | " << line << "\n";
        }
    }
};

TEST_F(V110MonitorTest, shouldSpawnTheMonitorWithExactlyTheReferenceArguments)
{
    const MonitorRun run = device({"--role", "hold", "--hold-ms", "300", "--shm-monitor"});
    dump(run);
    EXPECT_EQ(run.exitCode, 0);
    EXPECT_TRUE(run.has("no fairmq-shmmonitor found for shared memory id " + shmId + ", starting..."));
    EXPECT_TRUE(run.has("Started fairmq-shmmonitor for shared memory id " + shmId));
    EXPECT_TRUE(run.has("READY"));
    EXPECT_EQ(recorded(), (Args{"fairmq-shmmonitor", "-x", "-m", "--shmid", shmId, "-d", "-t", "2000", ""}));
    expectSessionGone();
}

TEST_F(V110MonitorTest, shouldPassVerboseWhenFairmqShmmonitorVerboseIsTrue)
{
    setenv("FAIRMQ_SHMMONITOR_VERBOSE", "true", 1);
    const MonitorRun run = device({"--role", "hold", "--hold-ms", "300", "--shm-monitor", "1"});
    dump(run);
    EXPECT_EQ(run.exitCode, 0);
    EXPECT_TRUE(run.has("Started fairmq-shmmonitor for shared memory id " + shmId));
    EXPECT_EQ(recorded(), (Args{"fairmq-shmmonitor", "-x", "-m", "--shmid", shmId, "-d", "-t", "2000", "--verbose"}));
    expectSessionGone();
}

TEST_F(V110MonitorTest, shouldPassAnEmptyArgumentForAnyOtherVerboseValue)
{
    setenv("FAIRMQ_SHMMONITOR_VERBOSE", "1", 1);
    const MonitorRun run = device({"--role", "hold", "--hold-ms", "100", "--shm-monitor", "true"});
    EXPECT_EQ(run.exitCode, 0);
    EXPECT_EQ(recorded(), (Args{"fairmq-shmmonitor", "-x", "-m", "--shmid", shmId, "-d", "-t", "2000", ""}));
    expectSessionGone();
}

TEST_F(V110MonitorTest, shouldUseARunningMonitor)
{
    const std::string name = "fmq_" + shmId + "_ms";
    {
        bipc::named_mutex running(bipc::create_only, name.c_str());
    }
    const MonitorRun run = device({"--role", "hold", "--hold-ms", "100", "--shm-monitor"});
    dump(run);
    bipc::named_mutex::remove(name.c_str());
    EXPECT_EQ(run.exitCode, 0);
    EXPECT_TRUE(run.has("Found fairmq-shmmonitor for shared memory id " + shmId));
    EXPECT_FALSE(run.has("starting..."));
    EXPECT_EQ(recorded(), Args{});   // not spawned
    expectSessionGone();
}

TEST_F(V110MonitorTest, shouldWarnAndGoOnWithoutAMonitorExecutable)
{
    setenv("FAIRMQ_PATH", (dir + "/nonexistent").c_str(), 1);
    setenv("PATH", (dir + "/nowhere:/nonexistent").c_str(), 1);
    const MonitorRun run = device({"--role", "hold", "--hold-ms", "100", "--shm-monitor"});
    dump(run);
    EXPECT_EQ(run.exitCode, 0);
    EXPECT_TRUE(run.has("could not find fairmq-shmmonitor in \"$FAIRMQ_PATH:$PATH\""));
    EXPECT_FALSE(run.has("Started fairmq-shmmonitor"));
    EXPECT_TRUE(run.has("READY"));
    EXPECT_EQ(recorded(), Args{});
    expectSessionGone();
}

TEST_F(V110MonitorTest, shouldFindTheMonitorInPathToo)
{
    setenv("FAIRMQ_PATH", (dir + "/nonexistent").c_str(), 1);
    setenv("PATH", ("/nonexistent:" + dir).c_str(), 1);
    const MonitorRun run = device({"--role", "hold", "--hold-ms", "100", "--shm-monitor"});
    EXPECT_EQ(run.exitCode, 0);
    EXPECT_TRUE(run.has("Started fairmq-shmmonitor for shared memory id " + shmId));
    EXPECT_EQ(recorded().size(), 9u);
    expectSessionGone();
}

TEST_F(V110MonitorTest, shouldNotStartAMonitorWithoutTheOption)
{
    const MonitorRun run = device({"--role", "hold", "--hold-ms", "100", "--shm-monitor", "0"});
    EXPECT_EQ(run.exitCode, 0);
    EXPECT_FALSE(run.has("fairmq-shmmonitor"));
    EXPECT_EQ(recorded(), Args{});
    expectSessionGone();
}

// The fake exits without creating the mutex: after 1000 x 10 ms the device fails; the exited child
// was reaped long before. As in the reference, the failed device leaves its mng (created before the
// monitor start); the cleanup role removes it.
TEST_F(V110MonitorTest, shouldFailWhenTheMonitorDoesNotRespond)
{
    setenv("FAKE_SHMMONITOR_SILENT", "1", 1);
    const auto began = std::chrono::steady_clock::now();
    const MonitorRun run = device({"--role", "hold", "--hold-ms", "100", "--shm-monitor"}, true);
    const auto took = std::chrono::steady_clock::now() - began;
    dump(run);
    ASSERT_TRUE(run.exitCode.has_value());
    EXPECT_NE(*run.exitCode, 0);
    EXPECT_FALSE(run.zombieSeen);
    EXPECT_TRUE(run.has("Did not get response from fairmq-shmmonitor after 10000 milliseconds. Exiting."));
    EXPECT_FALSE(run.has("READY"));
    EXPECT_GE(took, 9s);
    EXPECT_EQ(recorded().size(), 9u);
    const MonitorRun cleanup = device({"--role", "cleanup"});
    EXPECT_EQ(cleanup.exitCode, 0);
    expectSessionGone();
}

} // namespace
} // namespace interop::test
