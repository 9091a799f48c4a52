package io.dorisops.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.dorisops.Version;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/** The one JSON mapper of the library: versions as their strings, instants and durations as ISO-8601. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule("dorisops")
                    .addSerializer(Version.class, toStringSerializer())
                    .addDeserializer(Version.class, new JsonDeserializer<>() {
                        @Override
                        public Version deserialize(JsonParser parser, DeserializationContext context)
                                throws IOException {
                            return Version.parse(parser.getValueAsString());
                        }
                    })
                    .addSerializer(Instant.class, toStringSerializer())
                    .addDeserializer(Instant.class, new JsonDeserializer<>() {
                        @Override
                        public Instant deserialize(JsonParser parser, DeserializationContext context)
                                throws IOException {
                            return Instant.parse(parser.getValueAsString());
                        }
                    })
                    .addSerializer(Duration.class, toStringSerializer())
                    .addDeserializer(Duration.class, new JsonDeserializer<>() {
                        @Override
                        public Duration deserialize(JsonParser parser, DeserializationContext context)
                                throws IOException {
                            return Duration.parse(parser.getValueAsString());
                        }
                    }))
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {}

    private static <T> JsonSerializer<T> toStringSerializer() {
        return new JsonSerializer<>() {
            @Override
            public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                generator.writeString(value.toString());
            }
        };
    }
}
