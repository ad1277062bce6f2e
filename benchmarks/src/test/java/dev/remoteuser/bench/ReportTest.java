package dev.remoteuser.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The targets table a reader judges the plugin by: a figure never reads as meeting a limit it misses. */
class ReportTest {

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of(0.999995, 1.0, true, "| t | 0.999995 | **no** |"),
                Arguments.of(0.9896, 0.99, true, "| t | 0.9896 | **no** |"),
                Arguments.of(0.985, 0.99, true, "| t | 0.985 | **no** |"),
                Arguments.of(1.0, 1.0, true, "| t | 1.000 | yes |"),
                Arguments.of(1.0004, 1.0, true, "| t | 1.000 | yes |"),
                Arguments.of(1.0204, 1.02, false, "| t | 1.0204 | **no** |"),
                Arguments.of(1.019, 1.02, false, "| t | 1.019 | yes |"),
                Arguments.of(84.1, 150, false, "| t | 84.100 | yes |"),
                Arguments.of(Double.NaN, 0.99, true, "| t | NaN | not measured |"));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void aTargetRowShowsEnoughDecimalsToTellAMissFromTheLimit(double value, double limit, boolean atLeast,
                                                              String row) {
        StringBuilder md = new StringBuilder();
        Report.target(md, "t", value, limit, atLeast);
        assertEquals(row, md.toString().strip());
    }
}
