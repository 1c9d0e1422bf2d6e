package casework

import (
	"context"
	"fmt"
	"strings"

	"github.com/redress-app/redress/letters"
	"github.com/redress-app/redress/store"
)

// The vault settings that hold the sender's details. They are sealed in the
// vault like everything else in it, never kept in a plaintext file.
const (
	SettingSenderName    = "letter.from.name"
	SettingSenderAddress = "letter.from.address" // one line per line of the address
	SettingSenderEmail   = "letter.from.email"
)

// The placeholders a letter shows where the sender's details go when the
// vault does not have them yet.
const (
	NamePlaceholder    = "[Your name: fill this in before sending]"
	AddressPlaceholder = "[Your address: fill this in before sending]"
)

// Sender is who letters are from: the person signing them.
type Sender struct {
	Name    string
	Address string // lines separated by newlines
	Email   string
}

// LoadSender reads the sender's details from the vault's settings.
func LoadSender(ctx context.Context, v *store.Vault) (Sender, error) {
	var s Sender
	for _, f := range []struct {
		key string
		to  *string
	}{{SettingSenderName, &s.Name}, {SettingSenderAddress, &s.Address}, {SettingSenderEmail, &s.Email}} {
		val, _, err := v.Setting(ctx, f.key)
		if err != nil {
			return Sender{}, fmt.Errorf("read the sender's details: %w", err)
		}
		*f.to = val
	}
	return s, nil
}

// SaveSender stores the sender's details in the vault's settings (an empty
// field removes that setting).
func SaveSender(ctx context.Context, v *store.Vault, s Sender) error {
	for key, val := range map[string]string{
		SettingSenderName:    strings.TrimSpace(s.Name),
		SettingSenderAddress: strings.TrimSpace(s.Address),
		SettingSenderEmail:   strings.TrimSpace(s.Email),
	} {
		if err := v.SetSetting(ctx, key, val); err != nil {
			return fmt.Errorf("save the sender's details: %w", err)
		}
	}
	return nil
}

// Party returns the sender as a letter prints them, with a clearly marked
// placeholder for a missing name or address, and a note for each placeholder.
func (s Sender) Party() (letters.Party, []string) {
	var notes []string
	p := letters.Party{Name: strings.TrimSpace(s.Name)}
	if p.Name == "" {
		p.Name = NamePlaceholder
		notes = append(notes, "Your name is not in this vault's settings, so the letter shows "+NamePlaceholder+" where it goes: fill it in before sending.")
	}
	for _, l := range strings.Split(s.Address, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			p.Lines = append(p.Lines, l)
		}
	}
	if len(p.Lines) == 0 {
		p.Lines = []string{AddressPlaceholder}
		notes = append(notes, "Your address is not in this vault's settings, so the letter shows "+AddressPlaceholder+" where it goes: fill it in before sending.")
	}
	if e := strings.TrimSpace(s.Email); e != "" {
		p.Lines = append(p.Lines, e)
	}
	return p, notes
}
