package casefile

import "errors"

// Sentinel errors shared by every layer. Callers test for them with errors.Is;
// only the app turns them into sentences for people.
var (
	// ErrInvalidCase marks a case file that does not follow redress-case/1.
	ErrInvalidCase = errors.New("invalid case file")
	// ErrNotFound is returned when a case, note, event or document does not exist.
	ErrNotFound = errors.New("not found")
	// ErrLocked is returned when the vault is locked and its keys are gone.
	ErrLocked = errors.New("vault is locked")
	// ErrWrongPassphrase is returned when a passphrase does not open a vault.
	ErrWrongPassphrase = errors.New("wrong passphrase")
	// ErrTampered is returned when a MAC, hash or chain link does not verify.
	ErrTampered = errors.New("data has been altered or corrupted")
	// ErrAlreadyOpen is returned when another process holds the vault open.
	ErrAlreadyOpen = errors.New("vault is already open")
	// ErrExists is returned when something being created already exists.
	ErrExists = errors.New("already exists")
	// ErrAmbiguous is returned when a name matches more than one thing.
	ErrAmbiguous = errors.New("ambiguous")
)
