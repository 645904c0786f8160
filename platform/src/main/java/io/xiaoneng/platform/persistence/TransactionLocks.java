package io.xiaoneng.platform.persistence;

import jakarta.persistence.EntityManager;

/**
 * PostgreSQL advisory locks held until the current transaction ends (commit or rollback release them; nothing to
 * forget in a finally block). They serialize work that has no row to lock yet, or whose rows are many: a seed or an
 * import that must run once however many replicas start at the same moment, a yearly report approved while a survey
 * of that year is being opened. A lock waits as long as the holder's transaction lasts; take it first in the
 * transaction, and keep each key to one purpose (the keys live beside their users as named constants).
 */
public final class TransactionLocks {

    private TransactionLocks() {
    }

    /** Waits for the exclusive lock on {@code key}. */
    public static void exclusive(EntityManager em, long key) {
        // cast: pg_advisory_xact_lock returns void, which a native query cannot map to a result
        em.createNativeQuery("select cast(pg_advisory_xact_lock(?1) as text)").setParameter(1, key).getSingleResult();
    }

    /** Waits for the exclusive lock on the pair ({@code space}, {@code key}): one lock per year, per department, … */
    public static void exclusive(EntityManager em, int space, int key) {
        em.createNativeQuery("select cast(pg_advisory_xact_lock(?1, ?2) as text)")
                .setParameter(1, space).setParameter(2, key).getSingleResult();
    }

    /** Waits for the shared lock on {@code key}: held by many readers at once, excluded by {@link #exclusive}. */
    public static void shared(EntityManager em, long key) {
        em.createNativeQuery("select cast(pg_advisory_xact_lock_shared(?1) as text)").setParameter(1, key).getSingleResult();
    }
}
