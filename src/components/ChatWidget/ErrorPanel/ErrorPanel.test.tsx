// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackendError, classifyError } from '../errors';
import { stringsFor } from '../strings';
import { PanelStringsContext } from '../strings/context';
import { ErrorPanel } from './ErrorPanel';

afterEach(cleanup);

const refused = new BackendError('TypeError: Failed to fetch (ERR_CONNECTION_REFUSED)', {
  endpoint: 'chatkit',
  failure: 'network',
});
const overloaded = new BackendError('HTTP 503 upstream_error: model overloaded', {
  endpoint: 'chatkit',
  failure: 'http',
  status: 503,
});

describe('ErrorPanel', () => {
  it('says what happened and what to do, never the raw failure, and retries on "Try again"', () => {
    const onRetry = vi.fn();
    render(<ErrorPanel error={classifyError(overloaded)} onRetry={onRetry} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The assistant is unavailable');
    expect(alert.textContent).toContain('The assistant ran into a problem on our side.');
    expect(alert.textContent).not.toMatch(/503|upstream|overloaded/);
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it('offline: says so, and offers no "Try again" (it reconnects by itself)', () => {
    render(
      <ErrorPanel error={classifyError(refused, { online: false })} offline onRetry={() => {}} />,
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain("You're offline");
    expect(within(alert).queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('speaks Urdu on an Urdu page, with no English left', () => {
    const onDismiss = vi.fn();
    render(
      <PanelStringsContext value={{ strings: stringsFor('ur-PK').panel, lang: 'ur-PK' }}>
        <ErrorPanel
          error={classifyError(refused)}
          variant="banner"
          onRetry={() => {}}
          onDismiss={onDismiss}
        />
      </PanelStringsContext>,
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('رابطے میں مسئلہ');
    expect(alert.textContent).not.toMatch(/[A-Za-z]/);
    expect(within(alert).getByRole('button', { name: 'دوبارہ کوشش کریں' })).toBeInTheDocument();
    fireEvent.click(within(alert).getByRole('button', { name: 'ہٹائیں' }));
    expect(onDismiss).toHaveBeenCalledOnce();
  });
});
