package bundle

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
)

// TestVolumes splits a bundle into volumes of at most about 70 KB, in each
// style: every volume verifies on its own, the volumes' labels run on from
// one to the next (1..N through the court's, A1 … by section otherwise) and
// together are the whole bundle's, each file's PDF page labels say the
// same, the manifest says which volume it is, and every volume after the
// first has the pages of its own index, counted by Volumes.
func TestVolumes(t *testing.T) {
	for _, st := range Styles {
		t.Run(string(st), func(t *testing.T) {
			b := testBundle(t)
			b.Style = st
			b.AttachOriginals = false
			b2 := testBundle(t)
			b2.Style = st
			_, _, all := buildTest(t, b2)
			plan, err := Prepare(context.Background(), b, Options{})
			if err != nil {
				t.Fatal(err)
			}
			vols := plan.Volumes(70 << 10)
			if len(vols) < 3 {
				t.Fatalf("%d volumes: %+v", len(vols), vols)
			}
			var labels []string
			for _, v := range vols {
				var out bytes.Buffer
				res, err := plan.WriteVolume(context.Background(), &out, v)
				if err != nil {
					t.Fatalf("volume %d: %v", v.Number, err)
				}
				ver, err := Verify(bytes.NewReader(out.Bytes()))
				if err != nil || !ver.OK() {
					t.Fatalf("volume %d: verify %v %+v", v.Number, err, ver)
				}
				m := ver.Manifest
				if m.Volume != v.Number || m.Volumes != len(vols) || !strings.HasSuffix(m.Title, "(volume "+strconv.Itoa(v.Number)+" of "+strconv.Itoa(len(vols))+")") {
					t.Errorf("volume %d: manifest says volume %d of %d, %q", v.Number, m.Volume, m.Volumes, m.Title)
				}
				if len(m.Pages) != v.To-v.From || res.Pages != v.Pages() || len(m.VolumeIndex) != v.IndexPages || len(res.IndexLabels) != v.IndexPages {
					t.Errorf("volume %d: %d pages of the bundle and %d of its index, %d in all; want %d, %d and %d", v.Number, len(m.Pages), len(m.VolumeIndex), res.Pages, v.To-v.From, v.IndexPages, v.Pages())
				}
				if (v.Number > 1) != (v.IndexPages > 0) {
					t.Errorf("volume %d has %d pages of its own index", v.Number, v.IndexPages)
				}
				if v.Size > 70<<10 && plan.unitsIn(v) > 1 {
					t.Errorf("volume %d: about %d bytes, over the limit with %d parts", v.Number, v.Size, plan.unitsIn(v))
				}
				labels = append(labels, res.Labels...)
			}
			if got, want := strings.Join(labels, " "), strings.Join(all.Labels, " "); got != want {
				t.Errorf("the volumes' labels\n%s\nthe whole bundle's\n%s", got, want)
			}
			if _, err := plan.WriteVolume(context.Background(), &bytes.Buffer{}, Volume{Number: 1, Of: 1, From: 0, To: plan.Pages() + 1}); !errors.Is(err, ErrSpec) {
				t.Errorf("a volume past the end: %v", err)
			}
		})
	}
}
