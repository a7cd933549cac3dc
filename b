address.wast: 259 passed, 0 failed, 1 skipped
address64.wast: 0 passed, 242 failed, 0 skipped
align64.wast: 0 passed, 110 failed, 46 skipped
binary-leb128.wast: 83 passed, 0 failed, 0 skipped
binary.wast: 104 passed, 1 failed, 0 skipped
endianness64.wast: 0 passed, 69 failed, 0 skipped
float_memory64.wast: 0 passed, 90 failed, 0 skipped
load64.wast: 0 passed, 84 failed, 13 skipped
memory.wast: 73 passed, 0 failed, 6 skipped
memory64.wast: 9 passed, 56 failed, 0 skipped
memory_grow64.wast: 0 passed, 49 failed, 0 skipped
memory_redundancy64.wast: 0 passed, 8 failed, 0 skipped
memory_trap64.wast: 0 passed, 172 failed, 0 skipped
total: 528 passed, 881 failed, 66 skipped
text modules skipped: 66
modules with unsupported features skipped in: none
time: 0.73 s
