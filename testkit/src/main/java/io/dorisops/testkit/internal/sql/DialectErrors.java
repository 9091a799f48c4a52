package io.dorisops.testkit.internal.sql;

import io.dorisops.Flavor;
import io.dorisops.testkit.internal.mysql.SqlError;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The errors of a flavor's SQL front end, as {@link StatementParser} raises them: Doris ERR 1105
 * {@code errCode = 2, detailMessage = Syntax error in line N:} with the statement line and a caret
 * under the input; StarRocks ERR 1064 {@code Getting syntax error at line N, column C. Detail
 * message: Unexpected input ...}; and each flavor's analysis error for a statement that parses but
 * cannot run.
 */
final class DialectErrors {
    private final Flavor flavor;

    DialectErrors(Flavor flavor) {
        this.flavor = flavor;
    }

    /**
     * The flavor's error for a statement that parsed but cannot run: Doris {@code errCode = 2,
     * detailMessage = <detail>} (ERR 1105), StarRocks {@code Getting analyzing error. Detail
     * message: <detail>.} (ERR 1064).
     */
    SqlError analysis(String detail) {
        return flavor == Flavor.DORIS
                ? SqlError.of("errCode = 2, detailMessage = " + detail)
                : new SqlError(
                        SqlError.PARSE_ERROR, "HY000", "Getting analyzing error. Detail message: " + detail + ".");
    }

    /** A syntax error at {@code position} of {@code sql}, with the line, column and what was expected. */
    SqlError syntax(String sql, int position, String encountered, String expected) {
        int lineStart = sql.lastIndexOf('\n', position - 1) + 1;
        int lineEnd = sql.indexOf('\n', position);
        String line = sql.substring(lineStart, lineEnd < 0 ? sql.length() : lineEnd);
        int lineNumber =
                (int) sql.substring(0, lineStart).chars().filter(c -> c == '\n').count() + 1;
        int column = position - lineStart;
        if (flavor == Flavor.DORIS) {
            return SqlError.of("errCode = 2, detailMessage = Syntax error in line " + lineNumber + ":\n" + line + "\n"
                    + " ".repeat(column) + "^\nEncountered: " + encountered + "\nExpected: " + expected);
        }
        return new SqlError(
                SqlError.PARSE_ERROR,
                "HY000",
                "Getting syntax error at line " + lineNumber + ", column " + column
                        + ". Detail message: Unexpected input " + encountered + ", " + expected + ".");
    }

    /** How the flavor lists what it expected instead. */
    String expected(String... alternatives) {
        return flavor == Flavor.DORIS
                ? String.join(", ", alternatives)
                : "the most similar input is {"
                        + Arrays.stream(alternatives).map(a -> "'" + a + "'").collect(Collectors.joining(", ")) + "}";
    }

    /** How the flavor quotes the input it did not expect. */
    String quote(String input) {
        return flavor == Flavor.DORIS ? input : "'" + input + "'";
    }
}
