package io.sealedsession.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.internal.AttributeValues;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class JavaSerializationAttributeCodecPropertiesTest {

    record Item(String sku, long quantity, double price) implements Serializable {}

    static final class Basket implements Serializable {
        private static final long serialVersionUID = 1L;
        final List<Item> items = new ArrayList<>();
        final HashMap<String, Integer> counts = new HashMap<>();
        int[] marks = new int[0];
    }

    private static final JavaSerializationAttributeCodec CODEC =
            JavaSerializationAttributeCodec.allowing(Basket.class, Item.class, ArrayList.class, HashMap.class);

    @Provide
    Arbitrary<Basket> baskets() {
        Arbitrary<Item> items = Combinators.combine(AttributeValues.strings(), Arbitraries.longs(), Arbitraries.doubles())
                .as(Item::new);
        return Combinators.combine(items.list().ofMaxSize(4), AttributeValues.strings().list().ofMaxSize(3),
                        Arbitraries.integers().array(int[].class).ofMaxSize(5))
                .as((list, keys, marks) -> {
                    Basket basket = new Basket();
                    basket.items.addAll(list);
                    keys.forEach(key -> basket.counts.put(key, key.length()));
                    basket.marks = marks;
                    return basket;
                });
    }

    @Property(tries = 300)
    void decodeWhenGivenTheEncodingOfAnAllowedValueThenReturnsAnEqualValue(@ForAll("baskets") Basket basket) {
        Basket decoded = (Basket) CODEC.decode("basket", CODEC.encode("basket", basket));

        assertThat(decoded.items).isEqualTo(basket.items);
        assertThat(decoded.counts).isEqualTo(basket.counts);
        assertThat(decoded.marks).isEqualTo(basket.marks);
    }

    @Provide
    Arbitrary<byte[]> anyBytes() {
        Arbitrary<byte[]> encodings = baskets().map(basket -> CODEC.encode("basket", basket));
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(64)),
                Tuple.of(4, AttributeValues.mutated(encodings)));
    }

    @Property(tries = 1000)
    void decodeWhenGivenAnyBytesThenReturnsOrThrowsRecordFormatExceptionOnly(@ForAll("anyBytes") byte[] input) {
        try {
            CODEC.decode("basket", input);
        } catch (Throwable thrown) {
            assertThat(thrown).isInstanceOf(RecordFormatException.class);
        }
    }
}
