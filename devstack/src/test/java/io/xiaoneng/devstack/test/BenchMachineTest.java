package io.xiaoneng.devstack.test;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BenchMachineTest {

    @Test
    void theMedianOfAnOddCountIsItsMiddleValueWhateverTheOrder() {
        assertThat(BenchMachine.median(new double[] {310, 289, 299})).isEqualTo(299);
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfItsTwoMiddleValues() {
        assertThat(BenchMachine.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }

    @Test
    void theRoundsAreNotReordered() {
        double[] rounds = {3, 1, 2};
        BenchMachine.median(rounds);
        assertThat(rounds).containsExactly(3, 1, 2);
    }

    @Test
    void theMachineLineNamesCpusMemoryAndJava() {
        assertThat(BenchMachine.describe("512 MB RAM"))
                .contains(Runtime.getRuntime().availableProcessors() + " CPUs, 512 MB RAM, Java " + System.getProperty("java.version"));
    }

    @Test
    void anInProcessLineGivesTheLoadAtTheStartAndAtTheEnd() {
        assertThat(BenchMachine.inProcess("0.10 0.20 0.30 1/100 42"))
                .contains("(@QuarkusTest)")
                .contains("when the measurement began: 0.10 0.20 0.30 1/100 42; when the report was written: ");
    }
}
