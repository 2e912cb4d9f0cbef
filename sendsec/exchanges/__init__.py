"""Files that go to people and come back: snapshots for the chair and the
chair's comments, update returns from owners."""
