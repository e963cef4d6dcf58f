package org.palisade.db;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.palisade.core.account.AdminUser;
import org.palisade.core.account.Role;
import org.palisade.core.storage.AdminUserStore;

final class SqlAdminUserStore implements AdminUserStore {

    private final AdminUserMapper mapper;
    private final Clock clock;

    SqlAdminUserStore(AdminUserMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public List<AdminUser> list() {
        return mapper.list().stream().map(SqlAdminUserStore::toUser).toList();
    }

    @Override
    public Optional<AdminUser> find(String name) {
        return mapper.find(AdminUser.normalize(name)).map(SqlAdminUserStore::toUser);
    }

    @Override
    public Optional<AdminUser> findForUpdate(String name) {
        return mapper.findForUpdate(AdminUser.normalize(name)).map(SqlAdminUserStore::toUser);
    }

    @Override
    public void insert(AdminUser user) {
        Conflicts.translate("admin user " + user.name(), () -> mapper.insert(toRow(user), clock.millis()));
    }

    @Override
    public void update(AdminUser user) {
        if (mapper.update(toRow(user), clock.millis()) == 0) {
            throw new NoSuchElementException("admin user " + user.name() + " does not exist");
        }
    }

    @Override
    public boolean delete(String name) {
        return mapper.delete(AdminUser.normalize(name)) > 0;
    }

    private static AdminUserMapper.Row toRow(AdminUser u) {
        return new AdminUserMapper.Row(u.name(), u.role().name(), u.passwordHash(), u.enabled(), u.created().toEpochMilli());
    }

    private static AdminUser toUser(AdminUserMapper.Row row) {
        return new AdminUser(row.name(), Role.valueOf(row.role()), row.passwordHash(), row.enabled(),
                Instant.ofEpochMilli(row.createdAt()));
    }
}
