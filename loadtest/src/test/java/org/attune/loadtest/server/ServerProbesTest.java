package org.attune.loadtest.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerProbesTest {

  @Test
  void cpuTicksAreUserPlusSystemEvenWithSpacesInTheCommandName() {
    String stat =
        "4242 (java (weird) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0"
            + " 30 0 100 1000 200 18446744073709551615";
    assertThat(ProcessProbe.parseCpuTicks(stat)).isEqualTo(1234 + 567);
  }

  @Test
  void heapUsedIsReadFromG1HeapInfo() {
    String info =
        """
        4242:
         garbage-first heap   total 262144K, used 12345K [0x0000000080000000, 0x0000000100000000)
          region size 1024K, 3 young (3072K), 0 survivors (0K)
         Metaspace       used 1000K, committed 1200K, reserved 1114112K
        """;
    assertThat(ProcessProbe.parseHeapUsed(info)).hasValue(12345L * 1024);
  }

  @Test
  void heapUsedIsEmptyWhenJcmdFailed() {
    assertThat(
            ProcessProbe.parseHeapUsed("4242:\ncom.sun.tools.attach.AttachNotSupportedException"))
        .isEmpty();
  }

  @Test
  void ownCpuTimeIsReadable() {
    assertThat(new ProcessProbe(ProcessHandle.current().pid()).cpuNanos()).isPositive();
  }

  @Test
  void groupsFileListsOriginPortPidAndGroups() {
    GroupsFile file =
        GroupsFile.parse(
            List.of(
                "# attune groups file",
                "origin_nanos\t123456789",
                "port\t7400",
                "pid\t42",
                "group\tload-1\tABCDE-FGHIJ\tkey1",
                "group\tload-2\tKLMNO-PQRST\tkey2"));
    assertThat(file.originNanos()).isEqualTo(123456789L);
    assertThat(file.port()).isEqualTo(7400);
    assertThat(file.pid()).isEqualTo(42);
    assertThat(file.groups())
        .extracting(GroupsFile.GroupEntry::joinCode)
        .containsExactly("ABCDE-FGHIJ", "KLMNO-PQRST");
  }

  @Test
  void groupsFileWithoutOriginIsRefused() {
    assertThatThrownBy(() -> GroupsFile.parse(List.of("port\t7400")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
