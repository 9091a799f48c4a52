package io.dorisops.testkit.internal.sql;

import io.dorisops.Flavor;
import io.dorisops.testkit.internal.mysql.SqlError;
import io.dorisops.testkit.internal.sql.SqlLexer.Kind;
import io.dorisops.testkit.internal.sql.SqlLexer.Token;
import java.util.List;

/**
 * A position in one statement's tokens and the reading steps every statement shares (keywords,
 * symbols, names, strings), each failing with the flavor's syntax error naming what it expected.
 */
class SqlCursor {
    final String sql;
    final List<Token> tokens;
    final Flavor flavor;
    final DialectErrors errors;
    int index;

    SqlCursor(String sql, List<Token> tokens, Flavor flavor, DialectErrors errors) {
        this.sql = sql;
        this.tokens = tokens;
        this.flavor = flavor;
        this.errors = errors;
    }

    /** {@code [db.]table}, each part a word or a backquoted name: {database or null, table}. */
    String[] qualifiedName() throws SqlError {
        String first = name();
        if (peek().isSymbol('.')) {
            index++;
            return new String[] {first, name()};
        }
        return new String[] {null, first};
    }

    String name() throws SqlError {
        Token token = next();
        if (token.kind() != Kind.WORD && token.kind() != Kind.QUOTED_NAME) {
            throw unexpected(token, "a table name");
        }
        return token.text();
    }

    String string(String what) throws SqlError {
        Token token = next();
        if (token.kind() != Kind.STRING) {
            throw unexpected(token, what);
        }
        return token.text();
    }

    Token peek() {
        return tokens.get(index);
    }

    Token next() {
        Token token = tokens.get(index);
        if (token.kind() != Kind.END) {
            index++;
        }
        return token;
    }

    boolean accept(String keyword) {
        if (peek().is(keyword)) {
            index++;
            return true;
        }
        return false;
    }

    /** Takes one of {@code keywords} and returns it in upper case, or fails naming them all. */
    String expect(String... keywords) throws SqlError {
        Token token = peek();
        for (String keyword : keywords) {
            if (token.is(keyword)) {
                index++;
                return keyword;
            }
        }
        throw unexpected(token, keywords);
    }

    void expectSymbol(char symbol) throws SqlError {
        Token token = peek();
        if (!token.isSymbol(symbol)) {
            throw unexpected(token, String.valueOf(symbol));
        }
        index++;
    }

    SqlError unexpected(Token token, String... expected) {
        return errors.syntax(sql, token.position(), describe(token), errors.expected(expected));
    }

    String describe(Token token) {
        if (token.kind() == Kind.END) {
            return flavor == Flavor.DORIS ? "EOF" : "'<EOF>'";
        }
        return errors.quote(token.kind() == Kind.STRING ? '"' + token.text() + '"' : token.text());
    }

    /** The flavor's analysis error, as {@link StatementParser#analysisError}. */
    SqlError analysisError(String detail) {
        return errors.analysis(detail);
    }
}
