package org.fairmq.monitor.v110;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.fairmq.protocol.v110.ShmId;
import org.junit.jupiter.api.Test;

/** The command line of PROTOCOL-V110.md 6.1 and the outputs that need no shared memory (6.2, 6.6, 6.8, Appendix A). */
class MonitorV110OptionsTest {
    /**
     * Appendix A, H0, verbatim (trailing spaces included), then the lines of our two extensions
     * (the reference's lines keep their text: the option column is as wide as before), then one
     * empty line.
     */
    static final String HELP = String.join("\n",
            "FairMQ Shared Memory Monitor",
            "Options:",
            "  -s [ --session ] arg (=default)   Session id",
            "  --shmid arg                       Shmem id (if not provided, it is generated ",
            "                                    out of session id and user id)",
            "  -c [ --cleanup ] [=arg(=1)]       Perform cleanup and quit",
            "  -r [ --reset-content ] [=arg(=1)] [EXPERIMENTAL] Reset content of the ",
            "                                    segments (only call this when segment is ",
            "                                    not in use)",
            "  -x [ --self-destruct ] [=arg(=1)] Quit after first closing of the memory",
            "  -i [ --interactive ] [=arg(=1)]   Interactive run",
            "  -v [ --view ] [=arg(=1)]          Run in view only mode",
            "  -t [ --timeout ] arg (=5000)      Heartbeat timeout in milliseconds",
            "  -d [ --daemonize ] [=arg(=1)]     Daemonize the monitor process (only in ",
            "                                    monitoring mode)",
            "  -m [ --monitor ] [=arg(=1)]       Run in monitoring mode",
            "  -b [ --debug ] [=arg(=1)]         Debug - Print a list of messages)",
            "  -e [ --clean-on-exit ] [=arg(=1)] Perform cleanup on exit",
            "  --interval arg (=1000)            Output interval for interactive mode",
            "  --get-shmid [=arg(=1)]            Translate given session id and user id to a",
            "                                    shmem id (uses current user id if none ",
            "                                    provided)",
            "  --list-all [=arg(=1)]             List all sessions & segments",
            "  --list-all-path arg (=/dev/shm/)  Path for the --list-all command to search ",
            "                                    segments in",
            "  --verbose [=arg(=1)]              Verbose mode (daemon will output to a file ",
            "                                    'fairmq-shmmonitor_<timestamp>')",
            "  --severity arg (=info)            Log severity",
            "  --user-id arg (=-1)               User id (used with --get-shmid)",
            "  -h [ --help ]                     Print help",
            // our extensions (leak accounting), after the reference's options
            "  --status-json                     Print the session's segments with their ",
            "                                    used and allocated bytes as one JSON object",
            "                                    and quit (extension)",
            "  --leak-report                     Print the chunks still allocated in the ",
            "                                    idle session's segments and quit; exit code",
            "                                    1 when there are some (extension)",
            "", "");

    private static String unhandled(String what) {
        return "Unhandled Exception reached the top of main: " + what + ", application will now exit\n";
    }

    @Test
    void helpIsTheVerbatimTextOfH0() {
        assertEquals(new MonitorRun(0, HELP, ""), MonitorRun.of("--help"));
        assertEquals(new MonitorRun(0, HELP, ""), MonitorRun.of("-h"));
        assertEquals(new MonitorRun(0, HELP, ""), MonitorRun.of("--he", ""));
    }

    @Test
    void parseErrorsExitTwoOnStdoutEvenWithHelp() {
        // 6.2 step 1, 6.8, ID2
        assertEquals(new MonitorRun(2, unhandled("unrecognised option '--bogus'"), ""), MonitorRun.of("--bogus"));
        assertEquals(new MonitorRun(2, unhandled("unrecognised option '--bogus'"), ""), MonitorRun.of("-h", "--bogus"));
        assertEquals(new MonitorRun(2, unhandled("unrecognised option '-z'"), ""), MonitorRun.of("-z"));
        // 6.1: ambiguous prefix
        assertEquals(new MonitorRun(2, unhandled("option '--clean' is ambiguous and matches '--clean-on-exit', and "
                + "'--cleanup'"), ""), MonitorRun.of("--clean"));
        // 6.1: -c=false is rejected (the value is "=false"), --cleanup=false is not
        assertEquals(new MonitorRun(2, unhandled("the argument ('=false') for option '--cleanup' is invalid. Valid "
                + "choices are 'on|off', 'yes|no', '1|0' and 'true|false'"), ""), MonitorRun.of("-c=false"));
        assertEquals(2, MonitorRun.of("--timeout=abc").code());
        assertEquals(unhandled("the argument ('abc') for option '--timeout' is invalid"),
                MonitorRun.of("--timeout=abc").out());
        assertEquals(unhandled("the argument ('x') for option '--user-id' is invalid"),
                MonitorRun.of("--get-shmid", "--user-id", "x").out());
        assertEquals(unhandled("the required argument for option '--session' is missing"), MonitorRun.of("-s").out());
    }

    @Test
    void optionsHaveTheTypesAndDefaultsOf61() {
        MonitorV110Options d = MonitorV110Options.parse("");
        assertEquals(new MonitorV110Options("default", "", false, false, false, false, false, 5000, false, false, false,
                false, 1000, false, false, "/dev/shm/", false, "info", -1, false, false, false), d);
        MonitorV110Options o = MonitorV110Options.parse("-x", "-m", "--shmid", "dbab2873", "-d", "-t", "2000", "");
        assertEquals(new MonitorV110Options("default", "dbab2873", false, false, true, false, false, 2000, true, true,
                false, false, 1000, false, false, "/dev/shm/", false, "info", -1, false, false, false), o);
        assertEquals(false, MonitorV110Options.parse("--cleanup=false").cleanup());
        assertEquals(true, MonitorV110Options.parse("-c").cleanup());
        assertEquals(true, MonitorV110Options.parse("--cleanup").cleanup());
        assertEquals(true, MonitorV110Options.parse("-c1").cleanup());
        assertEquals("s1", MonitorV110Options.parse("-ss1").session());
        assertEquals("s2", MonitorV110Options.parse("--sess=s2").session());
        MonitorV110Options more = MonitorV110Options.parse("-e", "--interval", "400", "--list-all-path=/tmp/",
                "--severity", "debug", "--user-id", "-5", "-b", "-r", "-v", "-i", "--verb", "--list-all");
        assertEquals(new MonitorV110Options("default", "", false, true, false, true, true, 5000, false, false, true,
                true, 400, false, true, "/tmp/", true, "debug", -5, false, false, false), more);
    }

    @Test
    void getShmIdPrintsTheVectorsOfId1AndIgnoresShmid() {
        assertEquals(new MonitorRun(0, "shmem id for session 'default' and user id 1000 is: eca859e3\n", ""),
                MonitorRun.of("--get-shmid", "--user-id", "1000"));
        assertEquals("shmem id for session 'default' and user id 0 is: f8fb93a1\n",
                MonitorRun.of("--get-shmid", "--user-id", "0", "--shmid", "abc").out());
        assertEquals("shmem id for session 'mysess' and user id 0 is: f0dac96e\n",
                MonitorRun.of("--get-shmid", "-s", "mysess", "--user-id=0").out());
        assertEquals("shmem id for session 'default' and user id 65534 is: 56cd2b43\n",
                MonitorRun.of("--get-shmid", "--user-id", "65534").out());
        long euid = ShmId.effectiveUserId();
        assertEquals(new MonitorRun(0, "shmem id for session 'default' and current user id " + euid + " is: "
                + ShmId.of("default", euid) + "\n", ""), MonitorRun.of("", "--get-shmid", "--shmid", "abc"));
    }

    @Test
    void debugModeIsNotCompiledIn() {
        // 6.6
        assertEquals(new MonitorRun(0, "FairMQ was not compiled in debug mode (FAIRMQ_DEBUG_MODE)\n", ""),
                MonitorRun.of("-b"));
    }

    @Test
    void resetContentWithoutSessionPrintsTheTextsOf66() {
        V110TestSession s = V110TestSession.random();
        assertEquals(new MonitorRun(0, String.join("\n",
                "Resetting segments content for shared memory id '" + s.shmId() + "'...",
                "Could not find 'fmq_" + s.shmId() + "_mng' segment. Nothing to cleanup.",
                "No such file or directory",
                "Done resetting segment content for shared memory id '" + s.shmId() + "'.", ""), ""),
                MonitorRun.of("-r", "-s", s.session()));
        assertEquals(java.util.List.of(), s.leftovers());
    }

    /** 2.8: on a session nobody uses, -r forgets every chunk (a leaked one here) and removes rgq and rrc. */
    @Test
    void resetContentForgetsTheChunksOfAnIdleSession() {
        V110TestSession s = V110TestSession.random();
        long fresh;
        org.fairmq.transport.shmem.v110.V110TransportFactory device = org.fairmq.transport.shmem.v110.V110TransportFactory
                .create(org.fairmq.transport.shmem.v110.V110Options.defaults("d", s.session()).withSegmentSize(1_000_000)
                        .withNoCleanup(true));
        fresh = device.freeMemory();
        device.createMessage(5000); // never closed: a leak the segment keeps after the device left
        device.close();
        try (org.fairmq.ipc.DataSegment segment = org.fairmq.ipc.DataSegment.openOnly(s.names().segment(0), 0)) {
            org.junit.jupiter.api.Assertions.assertTrue(segment.freeMemory() < fresh);
        }
        assertEquals(new MonitorRun(0, String.join("\n",
                "Resetting segments content for shared memory id '" + s.shmId() + "'...",
                "Done resetting segment content for shared memory id '" + s.shmId() + "'.", ""), ""),
                MonitorRun.of("-r", "-s", s.session()));
        try (org.fairmq.ipc.DataSegment segment = org.fairmq.ipc.DataSegment.openOnly(s.names().segment(0), 0)) {
            assertEquals(fresh, segment.freeMemory());
        }
        MonitorRun.of("-c", "-s", s.session());
        assertEquals(java.util.List.of(), s.leftovers());
    }

    @Test
    void precedenceCleanupBeforeResetBeforeDebugBeforeListAll() {
        V110TestSession s = V110TestSession.random();
        String out = MonitorRun.of("-b", "-r", "-c", "--list-all", "-s", s.session()).out();
        assertEquals("Cleaning up for shared memory id '" + s.shmId() + "'...", out.lines().findFirst().orElseThrow());
        out = MonitorRun.of("-b", "-r", "--list-all", "-s", s.session()).out();
        assertEquals("Resetting segments content for shared memory id '" + s.shmId() + "'...",
                out.lines().findFirst().orElseThrow());
        assertEquals("FairMQ was not compiled in debug mode (FAIRMQ_DEBUG_MODE)\n",
                MonitorRun.of("-b", "--list-all", "--list-all-path", "/nonexistent/").out());
        // --help before everything, --get-shmid before -c
        assertEquals(HELP, MonitorRun.of("-c", "--get-shmid", "-h", "-s", s.session()).out());
        assertEquals("shmem id for session '" + s.session() + "' and user id 7 is: " + ShmId.of(s.session(), 7) + "\n",
                MonitorRun.of("-c", "--get-shmid", "--user-id", "7", "-s", s.session()).out());
        assertEquals(java.util.List.of(), s.leftovers());
    }
}
