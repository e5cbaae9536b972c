package io.sealedsession.core;

import static io.sealedsession.core.testing.Gen.weight;
import static io.sealedsession.core.testing.Generated.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.internal.AttributeValues;
import io.sealedsession.core.testing.Gen;
import io.sealedsession.core.testing.Generated;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class JavaSerializationAttributeCodecPropertiesTest {

    record Item(String sku, long quantity, double price) implements Serializable {}

    static final class Basket implements Serializable {
        private static final long serialVersionUID = 1L;
        final List<Item> items = new ArrayList<>();
        final HashMap<String, Integer> counts = new HashMap<>();
        int[] marks = new int[0];

        Basket(List<Item> items, List<String> keys, int[] marks) {
            this.items.addAll(items);
            keys.forEach(key -> this.counts.put(key, key.length()));
            this.marks = marks;
        }

        @Override
        public String toString() {
            return "Basket[items=" + Generated.describe(items) + ", counts=" + Generated.describe(counts)
                    + ", marks=" + Generated.describe(marks) + "]";
        }
    }

    private static final JavaSerializationAttributeCodec CODEC =
            JavaSerializationAttributeCodec.allowing(Basket.class, Item.class, ArrayList.class, HashMap.class);

    private static Gen<Basket> baskets() {
        Gen<String> strings = AttributeValues.strings();
        Gen<Long> longs = Gen.longs();
        Gen<Double> doubles = Gen.doubles();
        Gen<Item> items = random -> new Item(strings.next(random), longs.next(random), doubles.next(random));
        Gen<List<Item>> itemLists = items.list(4);
        Gen<List<String>> keys = strings.list(3);
        Gen<int[]> marks = Gen.ints().list(5).map(list -> list.stream().mapToInt(Integer::intValue).toArray());

        // Edge cases: the empty basket, and one holding every edge-case string, long, double and int.
        List<Item> edgeItems = new ArrayList<>();
        int count = Math.max(strings.edgeCases().size(), Math.max(longs.edgeCases().size(), doubles.edgeCases().size()));
        for (int i = 0; i < count; i++) {
            edgeItems.add(new Item(strings.edgeCases().get(i % strings.edgeCases().size()),
                    longs.edgeCases().get(i % longs.edgeCases().size()), doubles.edgeCases().get(i % doubles.edgeCases().size())));
        }
        int[] edgeMarks = Gen.ints().edgeCases().stream().mapToInt(Integer::intValue).toArray();
        List<Basket> edges = List.of(new Basket(List.of(), List.of(), new int[0]),
                new Basket(edgeItems, strings.edgeCases(), edgeMarks));

        return Gen.of(edges, random -> new Basket(itemLists.next(random), keys.next(random), marks.next(random)));
    }

    @Test
    void decodeWhenGivenTheEncodingOfAnAllowedValueThenReturnsAnEqualValue() {
        forAll(300, baskets(), basket -> {
            Basket decoded = (Basket) CODEC.decode("basket", CODEC.encode("basket", basket));

            assertThat(decoded.items).isEqualTo(basket.items);
            assertThat(decoded.counts).isEqualTo(basket.counts);
            assertThat(decoded.marks).isEqualTo(basket.marks);
        });
    }

    private static Gen<byte[]> anyBytes() {
        Gen<byte[]> encodings = baskets().map(basket -> CODEC.encode("basket", basket));
        return Gen.frequency(
                weight(1, Gen.byteArrays(64)),
                weight(4, Gen.mutated(encodings)));
    }

    @Test
    void decodeWhenGivenAnyBytesThenReturnsOrThrowsRecordFormatExceptionOnly() {
        forAll(1000, anyBytes(), input -> {
            try {
                CODEC.decode("basket", input);
            } catch (Throwable thrown) {
                assertThat(thrown).isInstanceOf(RecordFormatException.class);
            }
        });
    }
}
