// A file chooser that speaks the page's language: the browser's own <input type="file"> labels
// itself in the browser's language ("Choose File / No file chosen") whatever the UI says.
import { useRef } from 'react';
import { Button, Typography } from 'antd';

export function FileButton(props: { label: string; accept: string; fileName?: string | null; onFile: (file: File | null) => void; testId?: string }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept={props.accept}
        style={{ display: 'none' }}
        data-testid={props.testId}
        onChange={(e) => {
          props.onFile(e.target.files?.[0] ?? null);
          // Choosing the same file again after fixing it must fire onChange again.
          e.target.value = '';
        }}
      />
      <Button onClick={() => input.current?.click()}>{props.label}</Button>
      {props.fileName !== undefined && <Typography.Text>{props.fileName ?? ''}</Typography.Text>}
    </>
  );
}
