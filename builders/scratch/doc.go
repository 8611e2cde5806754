// Package scratch keeps what a build would otherwise hold in memory on
// disk, in a directory inside the build's temporary directory: records
// partitioned by a key (Partitions), so that all records of a thread can
// be read back together, and pages stored and read back by reference
// (Pages). It is not a cache and keeps nothing across builds: the caller
// removes what it made, and a failed build's temporary directory goes
// with it.
package scratch
