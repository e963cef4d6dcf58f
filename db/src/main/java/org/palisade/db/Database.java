package org.palisade.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.util.Properties;
import java.util.function.Function;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.LocalCacheScope;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.apache.ibatis.type.JdbcType;
import org.flywaydb.core.Flyway;
import org.palisade.core.audit.AuditCounts;
import org.palisade.core.storage.Storage;
import org.palisade.core.storage.Transaction;

/**
 * The {@link Storage} on MariaDB or embedded H2: a connection pool, the schema migrated on
 * open, and one MyBatis session per transaction.
 *
 * <p>{@link #inTransaction} is not re-entrant: a nested call takes a second connection and
 * would wait for the rows the outer one holds.
 */
public final class Database implements Storage, AutoCloseable {

    static {
        // H2 reads this once, when its first database opens. The AUTO_SERVER port accepts
        // "sa" with no password, so it must never be reachable from another machine.
        System.setProperty("h2.bindAddress", "127.0.0.1");
    }

    private final HikariDataSource pool;
    private final SqlSessionFactory sessions;
    private final Clock clock = Clock.systemUTC();
    private final AuditCounts auditCounts = new AuditCounts();

    public Database(DbSettings settings) {
        pool = openPool(settings);
        try {
            // the migrations are in this jar, whichever class loader the caller's thread has
            Flyway.configure(Database.class.getClassLoader()).dataSource(pool).locations("classpath:db/migration").load().migrate();
            sessions = new SqlSessionFactoryBuilder().build(mybatis(pool, settings.embeddedH2()));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    @Override
    public <T> T inTransaction(Function<Transaction, T> work) {
        try (SqlSession session = sessions.openSession(false)) {
            try {
                SessionTransaction tx = new SessionTransaction(session, clock);
                T result = work.apply(tx);
                // forced: MyBatis skips the commit after reads only, but a read may have taken row locks (FOR UPDATE)
                session.commit(true);
                tx.committed(auditCounts);
                return result;
            } catch (RuntimeException | Error e) {
                try {
                    session.rollback(true);
                } catch (RuntimeException rollbackFailed) {
                    e.addSuppressed(rollbackFailed);
                }
                throw e;
            }
        }
    }

    /** The audit entries this process committed since it opened the database, by type. */
    public AuditCounts auditCounts() {
        return auditCounts;
    }

    @Override
    public void close() {
        pool.close();
    }

    private static HikariDataSource openPool(DbSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("palisade-db");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.embeddedH2() ? 5 : 10);
        // Every use is a transaction, so connections stay in manual-commit mode and MyBatis
        // need not switch them back and forth (a round trip each way on MariaDB).
        config.setAutoCommit(false);
        // The same isolation on both databases, so tests on H2 mean something for MariaDB;
        // under it InnoDB takes no gap locks, and locking reads see the newest committed rows.
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        if (settings.embeddedH2()) {
            // H2's default of one second is too short when the CLI and serve share the audit head.
            config.setConnectionInitSql("SET LOCK_TIMEOUT 10000");
        }
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open the database " + settings.url() + " as " + settings.user() + ": "
                    + rootMessage(e), e);
        }
    }

    private static Configuration mybatis(HikariDataSource pool, boolean embeddedH2) {
        JdbcTransactionFactory transactions = new JdbcTransactionFactory();
        Properties props = new Properties();
        props.setProperty("skipSetAutoCommitOnClose", "true");
        transactions.setProperties(props);

        Configuration c = new Configuration(new Environment("palisade", transactions, pool));
        // A cached result inside a transaction could hide a row another node changed since.
        c.setLocalCacheScope(LocalCacheScope.STATEMENT);
        c.setCacheEnabled(false);
        c.setJdbcTypeForNull(JdbcType.NULL);
        // for the few statements that differ (index hints): <if test="_databaseId == 'mariadb'">
        c.setDatabaseId(embeddedH2 ? "h2" : "mariadb");
        c.addMapper(ExtensionMapper.class);
        c.addMapper(ProfileMapper.class);
        c.addMapper(BindingMapper.class);
        c.addMapper(AuditMapper.class);
        c.addMapper(CdrMapper.class);
        c.addMapper(ChatMapper.class);
        c.addMapper(ServiceMapper.class);
        c.addMapper(TrunkMapper.class);
        c.addMapper(RouteMapper.class);
        c.addMapper(DidMapper.class);
        c.addMapper(RelayNodeMapper.class);
        c.addMapper(AdminUserMapper.class);
        c.addMapper(DirectoryMapper.class);
        return c;
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
