package io.dorisops.testkit.internal.sql;

import io.dorisops.testkit.internal.mysql.SqlError;
import io.dorisops.testkit.internal.sql.SqlLexer.Kind;
import io.dorisops.testkit.internal.sql.SqlLexer.Token;
import io.dorisops.testkit.internal.sql.Statement.ColumnDef;
import io.dorisops.testkit.internal.sql.Statement.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The data statements an application and a loader send, read after their first keyword by {@link
 * StatementParser}: {@code CREATE DATABASE|TABLE}, {@code DROP TABLE}, {@code INSERT INTO ... VALUES}
 * and {@code SELECT ... FROM}. A simple honest subset: one table, a {@code WHERE} of one comparison,
 * {@code LIMIT}; anything else is the flavor's syntax error naming what was expected.
 */
final class DataStatements {
    private static final List<String> OPERATORS = List.of("=", "!=", "<>", "<=", ">=", "<", ">");

    private final SqlCursor in;

    DataStatements(SqlCursor in) {
        this.in = in;
    }

    /** After {@code CREATE}. */
    Statement create() throws SqlError {
        if (in.expect("DATABASE", "TABLE").equals("DATABASE")) {
            boolean ifNotExists = ifNotExists();
            return new Statement.CreateDatabase(ifNotExists, in.name());
        }
        boolean ifNotExists = ifNotExists();
        String[] name = in.qualifiedName();
        in.expectSymbol('(');
        List<ColumnDef> columns = new ArrayList<>();
        do {
            columns.add(column());
        } while (comma());
        in.expectSymbol(')');
        if (in.accept("ENGINE")) {
            in.expectSymbol('=');
            in.expect("OLAP");
        }
        List<String> keys = List.of();
        if (in.accept("DUPLICATE")) {
            in.expect("KEY");
            keys = names();
        }
        in.expect("DISTRIBUTED");
        in.expect("BY");
        in.expect("HASH");
        List<String> distribution = names();
        OptionalInt buckets = OptionalInt.empty();
        if (in.accept("BUCKETS")) {
            Token count = in.next();
            if (count.kind() != Kind.NUMBER || !count.text().matches("\\d{1,6}")) {
                throw in.unexpected(count, "a bucket count");
            }
            buckets = OptionalInt.of(Integer.parseInt(count.text()));
        }
        Map<String, String> properties = new LinkedHashMap<>();
        if (in.accept("PROPERTIES")) {
            properties = properties();
        }
        return new Statement.CreateTable(
                ifNotExists,
                Optional.ofNullable(name[0]),
                name[1],
                columns,
                keys,
                distribution.get(0),
                buckets,
                properties);
    }

    /** After {@code DROP}. */
    Statement drop() throws SqlError {
        in.expect("TABLE");
        boolean ifExists = false;
        if (in.accept("IF")) {
            in.expect("EXISTS");
            ifExists = true;
        }
        String[] name = in.qualifiedName();
        return new Statement.DropTable(ifExists, Optional.ofNullable(name[0]), name[1]);
    }

    /** After {@code INSERT}. */
    Statement insert() throws SqlError {
        in.expect("INTO");
        String[] name = in.qualifiedName();
        List<String> columns = in.peek().isSymbol('(') ? names() : List.of();
        in.expect("VALUES");
        List<List<String>> rows = new ArrayList<>();
        do {
            in.expectSymbol('(');
            List<String> row = new ArrayList<>();
            do {
                row.add(literal());
            } while (comma());
            in.expectSymbol(')');
            rows.add(java.util.Collections.unmodifiableList(row));
        } while (comma());
        return new Statement.Insert(Optional.ofNullable(name[0]), name[1], columns, rows);
    }

    /** After {@code SELECT}, when it is not one of the session selects. */
    Statement select() throws SqlError {
        boolean count = false;
        List<String> columns = new ArrayList<>();
        if (in.peek().is("COUNT")) {
            in.next();
            in.expectSymbol('(');
            in.expectSymbol('*');
            in.expectSymbol(')');
            count = true;
        } else if (in.peek().isSymbol('*')) {
            in.next();
        } else {
            do {
                columns.add(in.name());
            } while (comma());
        }
        in.expect("FROM");
        String[] name = in.qualifiedName();
        Optional<Condition> where = Optional.empty();
        if (in.accept("WHERE")) {
            String column = in.name();
            where = Optional.of(new Condition(column, operator(), literal()));
        }
        OptionalLong limit = OptionalLong.empty();
        if (in.accept("LIMIT")) {
            Token n = in.next();
            if (n.kind() != Kind.NUMBER || !n.text().matches("\\d{1,18}")) {
                throw in.unexpected(n, "a row count");
            }
            limit = OptionalLong.of(Long.parseLong(n.text()));
        }
        return new Statement.Select(Optional.ofNullable(name[0]), name[1], count, columns, where, limit);
    }

    /** After {@code ALTER SYSTEM MODIFY}: {@code BACKEND "h:p"[, ...] SET (...)}; hosts read by the caller. */
    Map<String, String> properties() throws SqlError {
        in.expectSymbol('(');
        Map<String, String> properties = new LinkedHashMap<>();
        do {
            String key = in.string("a quoted property name");
            in.expectSymbol('=');
            properties.put(key.toLowerCase(Locale.ROOT), in.string("a quoted property value"));
        } while (comma());
        in.expectSymbol(')');
        return properties;
    }

    private ColumnDef column() throws SqlError {
        String name = in.name();
        Token type = in.next();
        if (type.kind() != Kind.WORD) {
            throw in.unexpected(type, "a column type such as INT or VARCHAR(64)");
        }
        StringBuilder text = new StringBuilder(type.text().toUpperCase(Locale.ROOT));
        if (in.peek().isSymbol('(')) {
            in.next();
            text.append('(');
            do {
                Token size = in.next();
                if (size.kind() != Kind.NUMBER) {
                    throw in.unexpected(size, "a length");
                }
                text.append(size.text());
                if (in.peek().isSymbol(',')) {
                    text.append(',');
                }
            } while (comma());
            in.expectSymbol(')');
            text.append(')');
        }
        while (true) {
            if (in.accept("NOT")) {
                in.expect("NULL");
            } else if (in.accept("NULL")) {
                continue;
            } else if (in.accept("DEFAULT")) {
                literal();
            } else if (in.accept("COMMENT")) {
                in.string("a quoted comment");
            } else {
                break;
            }
        }
        return new ColumnDef(name, text.toString());
    }

    private List<String> names() throws SqlError {
        in.expectSymbol('(');
        List<String> names = new ArrayList<>();
        do {
            names.add(in.name());
        } while (comma());
        in.expectSymbol(')');
        return names;
    }

    /** A number (with a sign), a quoted string, {@code TRUE}/{@code FALSE}, or {@code NULL} (null). */
    private String literal() throws SqlError {
        Token token = in.next();
        if (token.isSymbol('-') && in.peek().kind() == Kind.NUMBER) {
            return "-" + in.next().text();
        }
        if (token.kind() == Kind.NUMBER || token.kind() == Kind.STRING) {
            return token.text();
        }
        if (token.is("NULL")) {
            return null;
        }
        if (token.is("TRUE") || token.is("FALSE")) {
            return token.is("TRUE") ? "1" : "0";
        }
        throw in.unexpected(token, "a number", "a quoted string", "NULL");
    }

    private String operator() throws SqlError {
        Token first = in.next();
        if (first.kind() == Kind.SYMBOL) {
            String op = first.text();
            Token second = in.peek();
            if (second.kind() == Kind.SYMBOL
                    && second.position() == first.position() + 1
                    && OPERATORS.contains(op + second.text())) {
                in.next();
                op += second.text();
            }
            if (OPERATORS.contains(op)) {
                return op;
            }
        }
        throw in.unexpected(first, OPERATORS.toArray(String[]::new));
    }

    private boolean ifNotExists() throws SqlError {
        if (in.accept("IF")) {
            in.expect("NOT");
            in.expect("EXISTS");
            return true;
        }
        return false;
    }

    private boolean comma() {
        if (in.peek().isSymbol(',')) {
            in.next();
            return true;
        }
        return false;
    }
}
