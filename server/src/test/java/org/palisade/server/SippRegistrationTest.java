package org.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.palisade.core.audit.AuditType;
import org.palisade.db.testing.TestDatabase;
import org.palisade.db.testing.TestDb;
import org.palisade.registrar.RegistrarSettings;
import org.palisade.server.testing.Sipp;
import org.palisade.server.testing.TestServer;

/** Many phones at once, played by SIPp: register, fail with a wrong password, log off. */
class SippRegistrationTest {

    /** SIPp 3.6 answers only the first challenge and only MD5, so MD5 goes first here. */
    private static RegistrarSettings md5First() {
        return new RegistrarSettings(TestServer.DOMAIN, 60, 3600, 3600, 10, Duration.ofMinutes(5), 5, Duration.ofMinutes(10),
                Duration.ofMinutes(15), Duration.ofSeconds(10), List.of("MD5", "SHA-256"));
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void fiftyPhonesRegisterAndLogOff(TestDb kind, @TempDir Path dir) throws Exception {
        List<String> numbers = IntStream.range(0, 50).mapToObj(i -> Integer.toString(60000 + i)).toList();
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = new TestServer(db, md5First())) {
            numbers.forEach(n -> server.addExtension(n, "pw-" + n + "-ok"));
            Path users = Sipp.users(dir, "users.csv", numbers, n -> "pw-" + n + "-ok", 1800);

            Sipp.Result registered = Sipp.run("register", users, numbers.size(), 50, server.port(), dir);
            assertThat(registered.exitCode()).as(registered.output() + registered.errors()).isZero();
            assertThat(numbers).allSatisfy(n -> assertThat(server.node().registrar().lookup(n)).singleElement()
                    .satisfies(b -> assertThat(b.userAgent()).isEqualTo("SIPp-Palisade")));
            assertThat(server.audit(AuditType.LOGON)).hasSize(numbers.size());

            Sipp.Result off = Sipp.run("unregister", users, numbers.size(), 50, server.port(), dir);
            assertThat(off.exitCode()).as(off.output() + off.errors()).isZero();
            assertThat(numbers).allSatisfy(n -> assertThat(server.node().registrar().lookup(n)).isEmpty());
            assertThat(server.audit(AuditType.LOGOFF)).hasSize(numbers.size());
        }
    }

    @org.junit.jupiter.api.Test
    void phonesRegisterOverTcp(@TempDir Path dir) throws Exception {
        List<String> numbers = List.of("62000", "62001", "62002");
        try (TestDatabase db = TestDatabase.create(TestDb.H2); TestServer server = new TestServer(db, md5First())) {
            numbers.forEach(n -> server.addExtension(n, "pw-" + n + "-ok"));
            Path users = Sipp.users(dir, "tcp.csv", numbers, n -> "pw-" + n + "-ok", 1800);
            Sipp.Result registered = Sipp.run("register", users, numbers.size(), 10, server.port(), dir, "t1");
            assertThat(registered.exitCode()).as(registered.output() + registered.errors()).isZero();
            assertThat(numbers).allSatisfy(n -> assertThat(server.node().registrar().lookup(n)).singleElement()
                    .satisfies(b -> assertThat(b.transport()).isEqualToIgnoringCase("TCP")));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDb.class)
    void wrongPasswordsAreRefusedThenLockedOut(TestDb kind, @TempDir Path dir) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestServer server = new TestServer(db, md5First())) {
            server.addExtension("61000", "the-real-password");
            Path wrong = Sipp.users(dir, "wrong.csv", List.of("61000"), n -> "a-wrong-guess", 1800);

            Sipp.Result refused = Sipp.run("register_wrong_password", wrong, 4, 10, server.port(), dir);
            assertThat(refused.exitCode()).as(refused.output() + refused.errors()).isZero();
            assertThat(server.audit(AuditType.LOGON_FAILED)).hasSize(4);

            // The fifth wrong answer locks the extension: 403, not 401, and the scenario fails.
            Sipp.Result locked = Sipp.run("register_wrong_password", wrong, 1, 10, server.port(), dir);
            assertThat(locked.exitCode()).isNotZero();
            assertThat(locked.errors()).contains("403");
            assertThat(server.audit(AuditType.LOCKED_OUT)).isNotEmpty();

            Path right = Sipp.users(dir, "right.csv", List.of("61000"), n -> "the-real-password", 1800);
            Sipp.Result stillLocked = Sipp.run("register", right, 1, 10, server.port(), dir);
            assertThat(stillLocked.exitCode()).as("the right password does not help while locked").isNotZero();
            assertThat(server.node().registrar().lookup("61000")).isEmpty();
        }
    }
}
