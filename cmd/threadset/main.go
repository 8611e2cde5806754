// Command threadset builds research datasets of articles and their reader
// comment threads as linked Parquet tables. See README.md.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
