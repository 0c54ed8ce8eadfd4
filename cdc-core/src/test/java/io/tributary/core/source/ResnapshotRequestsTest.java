package io.tributary.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResnapshotRequestsTest {
    @TempDir
    Path state;

    @Test
    void eachRequestIsNumberedAfterTheOneBeforeAndReadBackAsWritten() {
        assertThat(ResnapshotRequests.read(state)).isEmpty();

        ResnapshotRequest first = ResnapshotRequests.write(state, List.of("shop.public.orders"));
        ResnapshotRequest second = ResnapshotRequests.write(state, List.of("shop.public.items", "shop.public.orders"));

        assertThat(first.id()).isEqualTo(1);
        assertThat(second.id()).isEqualTo(2);
        assertThat(ResnapshotRequests.read(state)).contains(new ResnapshotRequest(2, Set.of("shop.public.items", "shop.public.orders"), Optional.empty()));
    }

    @Test
    void aConditionIsKeptAsWritten() {
        ResnapshotRequests.write(state, List.of("shop.public.orders"), Optional.of("id > 1000 AND note <> 'a=b'"));

        assertThat(ResnapshotRequests.read(state).orElseThrow().condition()).contains("id > 1000 AND note <> 'a=b'");
    }

    @Test
    void aDamagedRequestSaysHowToAskAgain() throws Exception {
        Files.writeString(state.resolve(ResnapshotRequests.FILE_NAME), "id=not a number\ntables=shop.public.orders\n");

        assertThatThrownBy(() -> ResnapshotRequests.read(state)).isInstanceOfSatisfying(TributaryException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID)).hasMessageContaining("tributary snapshot FILE --table");
    }
}
