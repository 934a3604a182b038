package io.github.swarmdeploy.core.compose;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.Constant;

import java.io.Reader;

/**
 * SnakeYAML's {@link StreamReader} over a text held whole, read in linear time. SnakeYAML's own reader
 * copies its whole window every 1023 code points, so a single long token (a 5 MB string without a space)
 * costs time quadratic in its length: 16 s for 5 MB, minutes for more. This one indexes the code points
 * directly; positions are counted exactly as SnakeYAML counts them (lines at {@code \n}, U+0085, U+2028,
 * U+2029 and a lone {@code \r}; a BOM takes no column).
 */
final class WholeTextReader extends StreamReader {

    private final String name;
    private final int[] text;
    private int pointer;
    private int index;
    private int documentIndex;
    private int line;
    private int column;

    WholeTextReader(String name, String text) {
        super(Reader.nullReader());
        this.name = name;
        this.text = text.codePoints().toArray();
    }

    @Override
    public Mark getMark() {
        return new Mark(name, index, line, column, text, pointer);
    }

    @Override
    public void forward() {
        forward(1);
    }

    @Override
    public void forward(int length) {
        for (int i = 0; i < length && pointer < text.length; i++) {
            int c = text[pointer++];
            index++;
            documentIndex++;
            if (Constant.LINEBR.has(c) || (c == '\r' && pointer < text.length && text[pointer] != '\n')) {
                line++;
                column = 0;
            } else if (c != 0xFEFF) {
                column++;
            }
        }
    }

    @Override
    public int peek() {
        return peek(0);
    }

    @Override
    public int peek(int offset) {
        return pointer + offset < text.length ? text[pointer + offset] : '\0';
    }

    @Override
    public String prefix(int length) {
        if (length == 0 || pointer >= text.length) {
            return "";
        }
        return new String(text, pointer, Math.min(length, text.length - pointer));
    }

    @Override
    public String prefixForward(int length) {
        String prefix = prefix(length);
        pointer += length;
        index += length;
        documentIndex += length;
        column += length;
        return prefix;
    }

    @Override
    public int getColumn() {
        return column;
    }

    @Override
    public int getDocumentIndex() {
        return documentIndex;
    }

    @Override
    public void resetDocumentIndex() {
        documentIndex = 0;
    }

    @Override
    public int getIndex() {
        return index;
    }

    @Override
    public int getLine() {
        return line;
    }
}
