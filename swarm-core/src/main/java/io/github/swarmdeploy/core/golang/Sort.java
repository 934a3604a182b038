package io.github.swarmdeploy.core.golang;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Go's sort. {@code sort.Slice}: pattern-defeating quicksort, which is not stable. docker sorts a service's ports
 * with it by published port only, so ports that share a published port (every unpublished one) end up in
 * the order this algorithm leaves them, which is not the file's order once there are more than 12 ports.
 * Reproducing that order keeps our specs identical to docker's.
 *
 * <p>Same algorithm as Go 1.19 and later (insertion sort up to 12 elements, heapsort fallback, median /
 * Tukey-ninther pivots, deterministic pattern breaking seeded with the length).
 */
public final class Sort<T> {

    /** Go orders strings by their UTF-8 bytes ({@code sort.Strings}). */
    public static final Comparator<String> STRING_ORDER = Sort::compareUtf8;

    private static final int MAX_INSERTION = 12;
    private static final int SHORTEST_NINTHER = 50;
    private static final int MAX_SWAPS = 4 * 3;
    private static final int MAX_PARTIAL_STEPS = 5;
    private static final int SHORTEST_SHIFTING = 50;

    private enum Hint { UNKNOWN, INCREASING, DECREASING }

    private final List<T> data;
    private final BiPredicate<T, T> less;
    private int swaps;

    private Sort(List<T> data, BiPredicate<T, T> less) {
        this.data = data;
        this.less = less;
    }

    /** Sorts {@code list} in place as Go's {@code sort.Slice(list, less)} would. */
    public static <T> void slice(List<T> list, BiPredicate<T, T> less) {
        int length = list.size();
        new Sort<>(list, less).pdqsort(0, length, bitLength(length));
    }

    private static int bitLength(long value) {
        return Long.SIZE - Long.numberOfLeadingZeros(value);
    }

    private boolean less(int i, int j) {
        return less.test(data.get(i), data.get(j));
    }

    private void swap(int i, int j) {
        Collections.swap(data, i, j);
    }

    private void insertionSort(int a, int b) {
        for (int i = a + 1; i < b; i++) {
            for (int j = i; j > a && less(j, j - 1); j--) {
                swap(j, j - 1);
            }
        }
    }

    private void siftDown(int lo, int hi, int first) {
        int root = lo;
        while (true) {
            int child = 2 * root + 1;
            if (child >= hi) {
                return;
            }
            if (child + 1 < hi && less(first + child, first + child + 1)) {
                child++;
            }
            if (!less(first + root, first + child)) {
                return;
            }
            swap(first + root, first + child);
            root = child;
        }
    }

    private void heapSort(int a, int b) {
        int hi = b - a;
        for (int i = (hi - 1) / 2; i >= 0; i--) {
            siftDown(i, hi, a);
        }
        for (int i = hi - 1; i >= 0; i--) {
            swap(a, a + i);
            siftDown(0, i, a);
        }
    }

    private void pdqsort(int a, int b, int limit) {
        boolean wasBalanced = true;
        boolean wasPartitioned = true;
        while (true) {
            int length = b - a;
            if (length <= MAX_INSERTION) {
                insertionSort(a, b);
                return;
            }
            if (limit == 0) {
                heapSort(a, b);
                return;
            }
            if (!wasBalanced) {
                breakPatterns(a, b);
                limit--;
            }
            swaps = 0;
            int pivot = choosePivot(a, b);
            Hint hint = swaps == 0 ? Hint.INCREASING : swaps == MAX_SWAPS ? Hint.DECREASING : Hint.UNKNOWN;
            if (hint == Hint.DECREASING) {
                reverseRange(a, b);
                pivot = (b - 1) - (pivot - a);
                hint = Hint.INCREASING;
            }
            if (wasBalanced && wasPartitioned && hint == Hint.INCREASING && partialInsertionSort(a, b)) {
                return;
            }
            if (a > 0 && !less(a - 1, pivot)) {
                a = partitionEqual(a, b, pivot);
                continue;
            }
            long partitioned = partition(a, b, pivot);
            int mid = (int) (partitioned >> 1);
            wasPartitioned = (partitioned & 1) == 1;
            int leftLength = mid - a;
            int rightLength = b - mid;
            int balanceThreshold = length / 8;
            if (leftLength < rightLength) {
                wasBalanced = leftLength >= balanceThreshold;
                pdqsort(a, mid, limit);
                a = mid + 1;
            } else {
                wasBalanced = rightLength >= balanceThreshold;
                pdqsort(mid + 1, b, limit);
                b = mid;
            }
        }
    }

    /** One partition around data[pivot]; returns the new pivot index shifted left by one, low bit = already partitioned. */
    private long partition(int a, int b, int pivot) {
        swap(a, pivot);
        int i = a + 1;
        int j = b - 1;
        while (i <= j && less(i, a)) {
            i++;
        }
        while (i <= j && !less(j, a)) {
            j--;
        }
        if (i > j) {
            swap(j, a);
            return ((long) j << 1) | 1;
        }
        swap(i, j);
        i++;
        j--;
        while (true) {
            while (i <= j && less(i, a)) {
                i++;
            }
            while (i <= j && !less(j, a)) {
                j--;
            }
            if (i > j) {
                break;
            }
            swap(i, j);
            i++;
            j--;
        }
        swap(j, a);
        return (long) j << 1;
    }

    /** Elements equal to data[pivot] first, greater ones after; none is smaller. Returns where the greater ones start. */
    private int partitionEqual(int a, int b, int pivot) {
        swap(a, pivot);
        int i = a + 1;
        int j = b - 1;
        while (true) {
            while (i <= j && !less(a, i)) {
                i++;
            }
            while (i <= j && less(a, j)) {
                j--;
            }
            if (i > j) {
                return i;
            }
            swap(i, j);
            i++;
            j--;
        }
    }

    private boolean partialInsertionSort(int a, int b) {
        int i = a + 1;
        for (int step = 0; step < MAX_PARTIAL_STEPS; step++) {
            while (i < b && !less(i, i - 1)) {
                i++;
            }
            if (i == b) {
                return true;
            }
            if (b - a < SHORTEST_SHIFTING) {
                return false;
            }
            swap(i, i - 1);
            if (i - a >= 2) {
                for (int j = i - 1; j >= 1; j--) {
                    if (!less(j, j - 1)) {
                        break;
                    }
                    swap(j, j - 1);
                }
            }
            if (b - i >= 2) {
                for (int j = i + 1; j < b; j++) {
                    if (!less(j, j - 1)) {
                        break;
                    }
                    swap(j, j - 1);
                }
            }
        }
        return false;
    }

    private void breakPatterns(int a, int b) {
        int length = b - a;
        if (length < 8) {
            return;
        }
        long random = length;
        long modulus = 1L << bitLength(length);
        int middle = a + (length / 4) * 2;
        for (int index = middle - 1; index <= middle + 1; index++) {
            random ^= random << 13;
            random ^= random >>> 17;
            random ^= random << 5;
            int other = (int) (random & (modulus - 1));
            if (other >= length) {
                other -= length;
            }
            swap(index, a + other);
        }
    }

    /** Static pivot below 8 elements, median of three below 50, Tukey's ninther above; counts swaps. */
    private int choosePivot(int a, int b) {
        int length = b - a;
        int i = a + length / 4;
        int j = a + length / 4 * 2;
        int k = a + length / 4 * 3;
        if (length >= 8) {
            if (length >= SHORTEST_NINTHER) {
                i = median(i - 1, i, i + 1);
                j = median(j - 1, j, j + 1);
                k = median(k - 1, k, k + 1);
            }
            j = median(i, j, k);
        }
        return j;
    }

    /** The index of the median of data[a], data[b], data[c]. */
    private int median(int a, int b, int c) {
        if (less(b, a)) {
            swaps++;
            int t = a;
            a = b;
            b = t;
        }
        if (less(c, b)) {
            swaps++;
            int t = b;
            b = c;
            c = t;
        }
        if (less(b, a)) {
            swaps++;
            int t = a;
            a = b;
            b = t;
        }
        return b;
    }

    private void reverseRange(int a, int b) {
        for (int i = a, j = b - 1; i < j; i++, j--) {
            swap(i, j);
        }
    }

    private static int compareUtf8(String left, String right) {
        return Arrays.compareUnsigned(left.getBytes(StandardCharsets.UTF_8), right.getBytes(StandardCharsets.UTF_8));
    }
}
