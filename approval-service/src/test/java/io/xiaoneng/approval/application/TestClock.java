package io.xiaoneng.approval.application;

import io.xiaoneng.devstack.test.SettableClock;
import jakarta.inject.Singleton;

/** The service's clock in tests, replacing the default system clock bean (see {@link SettableClock}). */
@Singleton
public class TestClock extends SettableClock {
}
