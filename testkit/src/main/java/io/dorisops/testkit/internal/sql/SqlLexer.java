package io.dorisops.testkit.internal.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a statement into tokens the way MySQL-compatible servers read it: words (case-insensitive
 * keywords and identifiers, back-quoted identifiers), single- or double-quoted strings with
 * backslash escapes and doubled quotes, numbers, {@code @var}/{@code @@var} variables and one-char
 * symbols. Comments ({@code /* *}{@code /}, {@code -- }, {@code #}) and whitespace are skipped.
 */
public final class SqlLexer {

    /** What a token is. */
    public enum Kind {
        WORD,
        QUOTED_NAME,
        STRING,
        NUMBER,
        VARIABLE,
        SYMBOL,
        END
    }

    /**
     * One token.
     *
     * @param kind what it is
     * @param text a word or name as written, a string's unescaped content, a variable with its
     *     {@code @} signs, a symbol's character; empty for {@link Kind#END}
     * @param position the 0-based offset of its first character in the statement
     */
    public record Token(Kind kind, String text, int position) {
        /** True when this is the word {@code keyword}, in any case. */
        public boolean is(String keyword) {
            return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
        }

        /** True when this is the symbol {@code symbol}. */
        public boolean isSymbol(char symbol) {
            return kind == Kind.SYMBOL && text.charAt(0) == symbol;
        }

        /** How an error message shows this token. */
        public String describe() {
            return switch (kind) {
                case END -> "end of statement";
                case STRING -> "string \"" + text + "\"";
                case QUOTED_NAME -> "`" + text + "`";
                default -> "'" + text + "'";
            };
        }
    }

    /** A statement the lexer cannot split: an unterminated string, name or comment. */
    public static final class LexException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int position;
        private final String closer;

        LexException(int position, String closer, String message) {
            super(message);
            this.position = position;
            this.closer = closer;
        }

        /** The 0-based offset where the bad token starts. */
        public int position() {
            return position;
        }

        /** What would have closed it: a quote, a back quote or {@code *}{@code /}. */
        public String closer() {
            return closer;
        }
    }

    private SqlLexer() {}

    /**
     * Splits {@code sql} into tokens; the last token is always {@link Kind#END}.
     *
     * @throws LexException when a string, quoted name or comment is not closed
     */
    public static List<Token> tokenize(String sql) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                if (close < 0) {
                    throw new LexException(i, "*/", "unterminated comment");
                }
                i = close + 2;
            } else if (c == '#'
                    || (c == '-' && sql.startsWith("--", i) && (i + 2 == n || isSpace(sql.charAt(i + 2))))) {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '\'' || c == '"') {
                i = readString(sql, i, tokens);
            } else if (c == '`') {
                int close = sql.indexOf('`', i + 1);
                if (close < 0) {
                    throw new LexException(i, "`", "unterminated quoted name");
                }
                tokens.add(new Token(Kind.QUOTED_NAME, sql.substring(i + 1, close), i));
                i = close + 1;
            } else if (c == '@') {
                int end = i + 1;
                if (end < n && sql.charAt(end) == '@') {
                    end++;
                }
                while (end < n && (isWordChar(sql.charAt(end)) || sql.charAt(end) == '.')) {
                    end++;
                }
                tokens.add(new Token(Kind.VARIABLE, sql.substring(i, end), i));
                i = end;
            } else if (Character.isDigit(c)) {
                int end = i;
                while (end < n && (isWordChar(sql.charAt(end)) || sql.charAt(end) == '.')) {
                    end++;
                }
                String text = sql.substring(i, end);
                tokens.add(new Token(
                        text.chars().allMatch(ch -> Character.isDigit(ch) || ch == '.') ? Kind.NUMBER : Kind.WORD,
                        text,
                        i));
                i = end;
            } else if (isWordChar(c)) {
                int end = i;
                while (end < n && isWordChar(sql.charAt(end))) {
                    end++;
                }
                tokens.add(new Token(Kind.WORD, sql.substring(i, end), i));
                i = end;
            } else {
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), i));
                i++;
            }
        }
        tokens.add(new Token(Kind.END, "", n));
        return tokens;
    }

    /** Lower-cases a name for lookups, independent of the default locale. */
    public static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    private static int readString(String sql, int start, List<Token> tokens) {
        char quote = sql.charAt(start);
        StringBuilder value = new StringBuilder();
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\\' && i + 1 < sql.length()) {
                value.append(unescape(sql.charAt(i + 1)));
                i += 2;
            } else if (c == quote && i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                value.append(quote);
                i += 2;
            } else if (c == quote) {
                tokens.add(new Token(Kind.STRING, value.toString(), start));
                return i + 1;
            } else {
                value.append(c);
                i++;
            }
        }
        throw new LexException(start, String.valueOf(quote), "unterminated string");
    }

    private static char unescape(char c) {
        return switch (c) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case '0' -> '\0';
            default -> c;
        };
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c);
    }
}
