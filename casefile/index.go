package casefile

// has reports whether the case has a child or an event (typ "child" or
// "event") with the ID. The IDs are indexed once, when first asked, so that
// checking every note's and event's references is linear: looking each one
// up by scanning the list (EventByID) made a file of 20,000 events and
// 20,000 notes take 400 million comparisons. Children are read before
// events, and events before notes, so the index is built after what it
// indexes; it is rebuilt if a list grows meanwhile.
func (d *decoder) has(c *Case, typ, id string) bool {
	if d.ids == nil || d.idsFor != [2]int{len(c.Children), len(c.Events)} {
		d.ids = make(map[string]bool, len(c.Children)+len(c.Events))
		for _, ch := range c.Children {
			d.ids["child\x00"+ch.ID] = true
		}
		for _, e := range c.Events {
			d.ids["event\x00"+e.ID] = true
		}
		d.idsFor = [2]int{len(c.Children), len(c.Events)}
	}
	return d.ids[typ+"\x00"+id]
}
