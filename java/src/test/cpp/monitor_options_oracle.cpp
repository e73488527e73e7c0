// The option oracle of the Java shared-memory monitor: the monitor's options declared with
// Boost.Program_options itself, exactly as ShmMonitorMain declares them, so that the golden files
// the Java tests compare against (help layout, accepted spellings, error texts) come from real
// Boost and not from our reading of it. Not part of the build; scripts/monitor-options-golden.sh
// compiles it and regenerates java/src/test/resources/org/fairmq/monitor/options-golden.txt.
//
// Output, one of: the help text (exit 0); "error: <what()>" (exit 2); "values: ..." (exit 0).
#include <boost/program_options.hpp>

#include <exception>
#include <iostream>
#include <string>

namespace po = boost::program_options;

int main(int argc, char** argv)
{
    try {
        std::string segmentName;
        std::string prefix;
        bool cleanup = false;
        bool selfDestruct = false;
        bool interactive = false;
        unsigned int timeout = 0;

        // Keep in sync with MonitorOptions.java (names, kinds, defaults, descriptions, order).
        po::options_description desc("Options");
        desc.add_options()
            ("segment-name", po::value<std::string>(&segmentName)->default_value("fairmq_shmem_main"), "Name of the shared memory segment")
            ("cleanup", po::value<bool>(&cleanup)->implicit_value(true), "Clean up the shared memory and quit")
            ("self-destruct", po::value<bool>(&selfDestruct)->implicit_value(true), "Quit once the segment is gone")
            ("interactive", po::value<bool>(&interactive)->implicit_value(true), "Interactive mode")
            ("timeout", po::value<unsigned int>(&timeout)->default_value(5000), "Heartbeat timeout in ms")
            ("help", "Print this help")
            ("prefix", po::value<std::string>(&prefix)->default_value("fairmq_shmem_"), "Prefix of every object name (extension; the segment name defaults to <prefix>main)")
            ("status-json", "Print the status as one JSON object and quit (extension)")
            ("version", "Print the version and the Boost version, then quit (extension)");

        po::variables_map vm;
        po::store(po::parse_command_line(argc, argv, desc), vm);
        if (vm.count("help")) {
            std::cout << "FairMQ Shared Memory Monitor" << std::endl << desc << std::endl;
            return 0;
        }
        po::notify(vm);
        std::cout << "values:"
                  << " segment-name=" << (vm["segment-name"].defaulted() ? std::string("(default)") : segmentName)
                  << " prefix=" << prefix << " cleanup=" << cleanup << " self-destruct=" << selfDestruct
                  << " interactive=" << interactive << " timeout=" << timeout
                  << " status-json=" << vm.count("status-json") << " version=" << vm.count("version") << std::endl;
    } catch (const std::exception& e) {
        std::cout << "error: " << e.what() << std::endl;
        return 2;
    }
    return 0;
}
