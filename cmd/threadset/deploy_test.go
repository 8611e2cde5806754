package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

const deployDir = "../../deploy"

// k8sObject is what the test reads of a Kubernetes object.
type k8sObject struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name   string            `yaml:"name"`
		Labels map[string]string `yaml:"labels"`
	} `yaml:"metadata"`
	Spec struct {
		CompletionMode string `yaml:"completionMode"`
		Completions    *int   `yaml:"completions"`
		Parallelism    *int   `yaml:"parallelism"`
		Template       struct {
			Spec struct {
				RestartPolicy string `yaml:"restartPolicy"`
				Containers    []struct {
					Image        string   `yaml:"image"`
					Args         []string `yaml:"args"`
					VolumeMounts []struct {
						Name string `yaml:"name"`
					} `yaml:"volumeMounts"`
				} `yaml:"containers"`
				Volumes []struct {
					Name string `yaml:"name"`
					PVC  struct {
						ClaimName string `yaml:"claimName"`
					} `yaml:"persistentVolumeClaim"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

// TestKubernetesManifest checks deploy/kubernetes/threadset-job.yaml
// without a cluster (CI has none): it parses, holds a Job per step with
// the step's label (the README applies them by label), Indexed Jobs for
// partition and bucket with --count equal to their completions, and every
// container runs a threadset command this binary accepts.
func TestKubernetesManifest(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(deployDir, "kubernetes", "threadset-job.yaml"))
	require.NoError(t, err)
	dec := yaml.NewDecoder(bytes.NewReader(data))
	jobs := map[string]k8sObject{}
	claims := map[string]bool{}
	for {
		var o k8sObject
		err := dec.Decode(&o)
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		require.NotEmpty(t, o.Metadata.Name)
		require.NotEmpty(t, o.Metadata.Labels["threadset-step"], "%s has no threadset-step label", o.Metadata.Name)
		switch o.Kind {
		case "PersistentVolumeClaim":
			assert.Equal(t, "v1", o.APIVersion)
			claims[o.Metadata.Name] = true
		case "Job":
			assert.Equal(t, "batch/v1", o.APIVersion)
			jobs[o.Metadata.Name] = o
		default:
			t.Errorf("unexpected kind %q", o.Kind)
		}
	}
	for _, step := range []string{"plan", "partition", "bucket", "assemble"} {
		t.Run(step, func(t *testing.T) {
			job, ok := jobs["threadset-"+step]
			require.True(t, ok, "no Job threadset-%s", step)
			assert.Equal(t, step, job.Metadata.Labels["threadset-step"])
			pod := job.Spec.Template.Spec
			assert.Equal(t, "Never", pod.RestartPolicy)
			require.Len(t, pod.Containers, 1)
			c := pod.Containers[0]
			assert.NotEmpty(t, c.Image)
			require.GreaterOrEqual(t, len(c.Args), 2)
			assert.Equal(t, []string{"build", step}, c.Args[:2])
			cmd, rest, err := newRootCmd(io.Discard, io.Discard).Find(c.Args)
			require.NoError(t, err)
			assert.Equal(t, step, cmd.Name())
			require.NoError(t, cmd.ParseFlags(rest), "%v", c.Args)
			assert.NotEmpty(t, cmd.Flags().Lookup("work").Value.String())
			for _, m := range c.VolumeMounts {
				found := false
				for _, v := range pod.Volumes {
					if v.Name == m.Name {
						found = true
						assert.True(t, claims[v.PVC.ClaimName], "claim %s is in the file", v.PVC.ClaimName)
					}
				}
				assert.True(t, found, "volume %s", m.Name)
			}
			if step != "partition" && step != "bucket" {
				assert.Empty(t, job.Spec.CompletionMode)
				return
			}
			assert.Equal(t, "Indexed", job.Spec.CompletionMode)
			require.NotNil(t, job.Spec.Completions)
			require.NotNil(t, job.Spec.Parallelism)
			count, err := strconv.Atoi(cmd.Flags().Lookup("count").Value.String())
			require.NoError(t, err)
			assert.Equal(t, *job.Spec.Completions, count, "--count is the number of indexes")
			assert.False(t, cmd.Flags().Changed("index"), "--index comes from JOB_COMPLETION_INDEX")
		})
	}
}

// TestSlurmScriptSyntax is the CI check of the Slurm script: bash -n.
// (TestStepsGiveTheSameBytes runs it with a stand-in sbatch.)
func TestSlurmScriptSyntax(t *testing.T) {
	out, err := exec.Command("bash", "-n", filepath.Join(deployDir, "slurm", "threadset.sbatch")).CombinedOutput()
	require.NoError(t, err, string(out))
}

// The Slurm script refuses array sizes that are not positive whole
// numbers before it submits anything (before, PARTITIONS=0 submitted the
// plan and then failed on --array=0--1, and PARTITIONS=abc stopped on an
// unbound variable after the plan was submitted).
func TestSlurmScriptRefusesBadArraySizes(t *testing.T) {
	root := t.TempDir()
	fakeBin := filepath.Join(root, "bin")
	submitted := filepath.Join(root, "submitted")
	writeFiles(t, fakeBin, map[string]string{"sbatch": "#!/bin/sh\necho \"$@\" >> " + submitted + "\necho 1\n"})
	require.NoError(t, os.Chmod(filepath.Join(fakeBin, "sbatch"), 0o755))
	script := filepath.Join(deployDir, "slurm", "threadset.sbatch")
	for _, env := range []string{"PARTITIONS=0", "PARTITIONS=abc", "BUCKETS=-1", "PARTITIONS=2x", "BUCKETS=01"} {
		t.Run(env, func(t *testing.T) {
			cmd := exec.Command("bash", script, filepath.Join(root, "work"), filepath.Join(root, "out"), root)
			cmd.Env = append(os.Environ(), "PATH="+fakeBin+string(os.PathListSeparator)+os.Getenv("PATH"), env)
			out, err := cmd.CombinedOutput()
			var ee *exec.ExitError
			require.ErrorAs(t, err, &ee, string(out))
			assert.Equal(t, 2, ee.ExitCode(), string(out))
			assert.Contains(t, string(out), "must be a whole number of at least 1")
			assert.NoFileExists(t, submitted)
		})
	}
}
